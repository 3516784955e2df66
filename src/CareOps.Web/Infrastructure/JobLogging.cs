using Hangfire.Logging;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// Hangfire's logging, through the app's logger factory, but never failing a job's caller: Hangfire keeps its log
/// provider in static state, so where several hosts live in one process (the test suite's app instances) a host that
/// stopped would otherwise leave a disposed factory behind for the others. A logger that cannot be made logs nothing.
/// </summary>
public sealed class JobLogging(ILoggerFactory factory) : ILogProvider
{
    private readonly Hangfire.AspNetCore.AspNetCoreLogProvider inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
    }
}

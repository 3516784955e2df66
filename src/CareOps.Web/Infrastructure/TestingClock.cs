using System.Globalization;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// The system clock shifted by an offset that can only grow: the browser journeys start the app on a fixed agency
/// day (<c>Testing:ClockStart</c>) and move it forward (an hour of care in a second) through <c>/testing/clock</c>.
/// Only in Development, and only with <c>Testing:ClockControl</c> set: a production app always runs on the system clock.
/// </summary>
public sealed class TestingClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset startedAt = System.GetUtcNow();
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() =>
        start + (System.GetUtcNow() - startedAt) + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The testing clock only moves forward.");
        }

        Interlocked.Add(ref offsetTicks, by.Ticks);
    }

    /// <summary>Registers the clock when the settings ask for it in Development; otherwise the system clock.</summary>
    public static void AddClock(WebApplicationBuilder builder)
    {
        var start = builder.Configuration["Testing:ClockStart"];
        if (builder.Environment.IsDevelopment() && builder.Configuration.GetValue<bool>("Testing:ClockControl")
            && DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            var clock = new TestingClock(at);
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<TimeProvider>(clock);
        }
        else
        {
            builder.Services.AddSingleton(TimeProvider.System);
        }
    }

    /// <summary><c>GET /testing/clock</c> (now, ISO) and <c>POST /testing/clock/advance?minutes=N</c>, only with the testing clock.</summary>
    public static void MapClock(WebApplication app)
    {
        if (app.Services.GetService<TestingClock>() is not { } clock)
        {
            return;
        }

        app.MapGet("/testing/clock", () => Results.Text(clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture))).AllowAnonymous();
        app.MapPost("/testing/clock/advance", (int minutes) =>
        {
            clock.Advance(TimeSpan.FromMinutes(minutes));
            return Results.Text(clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        }).AllowAnonymous().DisableAntiforgery();
    }
}

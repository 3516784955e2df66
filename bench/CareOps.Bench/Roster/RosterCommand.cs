namespace CareOps.Bench;

/// <summary>Placeholder until the roster harness lands.</summary>
public static class RosterCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("roster: not built yet");
        return Task.FromResult(2);
    }
}

namespace CareOps.Bench;

/// <summary>Placeholder until the repair harness lands.</summary>
public static class RepairCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("repair: not built yet");
        return Task.FromResult(2);
    }
}

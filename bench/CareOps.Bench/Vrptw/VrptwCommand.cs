namespace CareOps.Bench;

/// <summary>Placeholder until the VRPTW harness lands.</summary>
public static class VrptwCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("vrptw: not built yet");
        return Task.FromResult(2);
    }
}

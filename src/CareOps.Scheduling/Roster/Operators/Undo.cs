namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Puts caregiver-days back as they were after a compound move that did not pay.</summary>
internal static class Undo
{
    internal static void Restore(RosterState state, Dictionary<(int G, int D), (List<int> Clients, TimedDay? Timed)> undo, List<(int C, int G, int D)> placed, (int C, int G, int D)[] removed)
    {
        foreach (var (c, g, d) in placed)
        {
            state.ClientVisits[c].Remove((d, g));
        }

        foreach (var (k, (clients, timed)) in undo)
        {
            state.Replace(k.G, state.RouteOf(k.G, k.D), clients, timed);
        }

        foreach (var (c, g, d) in removed)
        {
            state.ClientVisits[c].Add((d, g));
        }
    }
}

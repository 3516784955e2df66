namespace CareOps.Scheduling.Roster.Operators;

/// <summary>Visits the client fixed (caregiver, date, start) go in first, before the assignment sees the week.</summary>
internal static class FixedVisits
{
    internal static void Place(RosterState state)
    {
        for (var c = 0; c < state.Clients.Length; c++)
        {
            foreach (var f in state.Clients[c].FixedVisits)
            {
                var d = VisitSpacing.DayIndex(state.Problem.WeekStart, f.Date);
                if (d is < 0 or > 6 || !state.CaregiverIndex.TryGetValue(f.CaregiverId, out var g))
                {
                    continue;
                }

                if (state.BestInsertion(c, g, d) is { } ins)
                {
                    state.Insert(c, g, d, ins.Position, ins.Timed);
                }
            }
        }
    }
}

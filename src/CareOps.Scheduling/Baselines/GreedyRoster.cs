using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Roster.Operators;

namespace CareOps.Scheduling.Baselines;

/// <summary>
/// The greedy baseline, a yardstick never used to publish rosters (docs/adr/0103-product-engine-and-yardsticks.md):
/// what a dispatcher does by hand. Clients in list order; each visit goes to the first day that keeps the visits
/// spread, with the caregiver living nearest who can still fit it (at her best position).
/// </summary>
internal static class GreedyRoster
{
    /// <summary>Builds the baseline roster.</summary>
    public static Roster.Roster Solve(RosterProblem problem, CancellationToken cancellationToken = default)
    {
        var state = new RosterState(problem);
        FixedVisits.Place(state);
        for (var c = 0; c < state.Clients.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var d = 0; d < 7 && state.ClientVisits[c].Count < state.Clients[c].VisitsPerWeek; d++)
            {
                if (!state.SpacingOk(c, d))
                {
                    continue;
                }

                foreach (var g in state.Candidates[c])
                {
                    if (state.BestInsertion(c, g, d) is { } ins)
                    {
                        state.Insert(c, g, d, ins.Position, ins.Timed);
                        break;
                    }
                }
            }
        }

        return state.ToRoster(state.Unscheduled());
    }
}

using CareOps.Scheduling.Baselines;
using CareOps.Scheduling.Roster;
using static CareOps.Scheduling.Tests.Roster.Tiny;

namespace CareOps.Scheduling.Tests.Baselines;

public class GreedyRosterTests
{
    [Fact]
    public void Solve_TinyWeek_IsValid()
    {
        var problem = Problem();
        var roster = GreedyRoster.Solve(problem);
        Assert.Empty(RosterValidator.Validate(problem, roster));
        Assert.Equal(4, roster.VisitCount);
    }
}

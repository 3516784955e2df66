using CareOps.Data.Domain;
using CareOps.Web.Features.Roster;

namespace CareOps.Web.Tests.Roster;

/// <summary>Publishing changes as few visit rows as the new roster allows.</summary>
public sealed class VisitReconciliationTests
{
    private static readonly DateOnly Monday = new(2026, 11, 30);
    private static readonly Guid Wang = Guid.NewGuid();
    private static readonly Guid Li = Guid.NewGuid();
    private static readonly Guid Cg1 = Guid.NewGuid();
    private static readonly Guid Cg2 = Guid.NewGuid();

    [Fact]
    public void Diff_SameRoster_EveryVisitUnchanged()
    {
        var visits = new[] { Row(Wang, Cg1, 0, 9), Row(Li, Cg1, 0, 11) };

        var diff = VisitReconciliation.Diff(visits, [.. visits.Select(VisitReconciliation.SlotOf)]);

        Assert.All(diff, d => Assert.Equal(SlotChange.Unchanged, d.Change));
        Assert.Equal(visits.Select(v => v.Id).Order(), diff.Select(d => d.VisitId!.Value).Order());
    }

    [Fact]
    public void Diff_VisitGivenToAnotherCaregiverSameDay_IsMovedKeepingItsRow()
    {
        var row = Row(Wang, Cg1, 2, 10);

        var diff = VisitReconciliation.Diff([row], [new RosterSlot(Wang, Cg2, Monday.AddDays(2), new TimeOnly(14, 0), 60)]);

        var moved = Assert.Single(diff);
        Assert.Equal((SlotChange.Moved, row.Id), (moved.Change, moved.VisitId));
        Assert.Equal(Cg2, moved.After!.CaregiverId);
    }

    [Fact]
    public void Diff_ExactMatchesFirst_SoAShiftedDayMovesOnlyThatVisit()
    {
        var mon = Row(Wang, Cg1, 0, 9);
        var wed = Row(Wang, Cg1, 2, 9);
        var fri = Row(Wang, Cg1, 4, 9);

        // Wednesday's visit moves to Thursday; Monday and Friday stay.
        var diff = VisitReconciliation.Diff([mon, wed, fri],
            [VisitReconciliation.SlotOf(mon), new RosterSlot(Wang, Cg1, Monday.AddDays(3), new TimeOnly(9, 0), 60), VisitReconciliation.SlotOf(fri)]);

        Assert.Equal(2, diff.Count(d => d.Change == SlotChange.Unchanged));
        var moved = Assert.Single(diff, d => d.Change == SlotChange.Moved);
        Assert.Equal(wed.Id, moved.VisitId);
    }

    [Fact]
    public void Diff_NewClientAndGoneClient_AddedAndRemoved()
    {
        var gone = Row(Li, Cg1, 1, 9);

        var diff = VisitReconciliation.Diff([gone], [new RosterSlot(Wang, Cg1, Monday.AddDays(1), new TimeOnly(9, 0), 60)]);

        Assert.Equal(SlotChange.Added, Assert.Single(diff, d => d.VisitId is null).Change);
        Assert.Equal((SlotChange.Removed, gone.Id), diff.Where(d => d.VisitId is not null).Select(d => (d.Change, d.VisitId!.Value)).Single());
    }

    [Fact]
    public void Diff_VisitAlreadyDone_IsNeverTouchedAndNotPlannedTwice()
    {
        var done = Row(Wang, Cg1, 0, 9);
        done.Status = VisitStatus.Completed;

        var diff = VisitReconciliation.Diff([done], [new RosterSlot(Wang, Cg2, Monday, new TimeOnly(15, 0), 60)]);

        Assert.Empty(diff);
    }

    private static Visit Row(Guid client, Guid caregiver, int day, int hour) => new()
    {
        ClientId = client,
        CaregiverId = caregiver,
        Date = Monday.AddDays(day),
        PlannedStart = new TimeOnly(hour, 0),
        PlannedMinutes = 60,
    };
}

using CareOps.Data.Rostering;
using CareOps.Data.Seeding;
using CareOps.Scheduling.Roster;

namespace CareOps.Bench;

/// <summary>
/// The seeded demo archipelago (exactly what the app seeds) as a weekly roster problem, through the app's own mapping
/// (<see cref="RosterProblemBuilder"/>), so the bench and the app solve the same week.
/// </summary>
public static class DemoProblem
{
    /// <summary>The fixed Monday the demo week starts on (and the generator's anchor).</summary>
    public static readonly DateOnly Monday = new(2026, 11, 23);

    public static RosterProblem Build(int seed = DemoArchipelago.DefaultSeed, DateOnly? anchor = null)
    {
        var week = anchor ?? Monday;
        var data = DemoArchipelago.Generate(seed, week);
        var catalogue = ReferenceDataSeeder.LoadZhoushanCatalogueItems().ToDictionary(i => i.Code, i => i.Skill, StringComparer.Ordinal);
        return RosterProblemBuilder.Build(new RosterInputs(week, data.Agencies, data.Places, data.FerryLines, catalogue, data.Clients, data.CarePlans, data.Caregivers));
    }
}

using CareOps.Data.Domain;

namespace CareOps.Data.Seeding;

/// <summary>
/// The generated demo archipelago, not yet saved. Reference rows are linked through navigation
/// properties (int keys are left to the database); tenant rows carry deterministic Guids.
/// <see cref="CarePlan.CareCatalogueId"/> is 0 until <see cref="DemoArchipelago.SeedAsync"/> stamps it,
/// and users carry no password hash until then.
/// </summary>
public sealed record DemoData(
    IReadOnlyList<ServiceRegion> Regions,
    IReadOnlyList<Agency> Agencies,
    IReadOnlyList<FerryLine> FerryLines,
    IReadOnlyList<Caregiver> Caregivers,
    IReadOnlyList<Client> Clients,
    IReadOnlyList<CarePlan> CarePlans,
    IReadOnlyList<DemoUser> Users)
{
    /// <summary>Every place, region by region.</summary>
    public IReadOnlyList<Place> Places => [.. Regions.SelectMany(r => r.Places)];
}

/// <summary>A demo sign-in and the one role it holds.</summary>
public sealed record DemoUser(ApplicationUser User, string Role);

/// <summary>What the demo database holds after seeding (all agencies together).</summary>
public sealed record DemoSummary(int Agencies, int Clients, int Caregivers, int Users);

using System.Security.Cryptography;
using System.Text;
using CareOps.Data.Domain;
using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Rostering;

/// <summary>Everything a week's roster depends on, as entities (loaded from the database or generated for the bench).</summary>
/// <param name="WeekStart">The Monday of the week.</param>
/// <param name="Agencies">The agencies whose clients and caregivers take part (their code is the solver's region).</param>
/// <param name="Places">Every place (with its land link).</param>
/// <param name="FerryLines">Ferry lines with schedules, departures and suspensions.</param>
/// <param name="ItemSkills">The skill each catalogue item needs, by item code.</param>
/// <param name="Clients">Clients with place and status periods.</param>
/// <param name="Plans">Care plans with items, day windows and named caregivers.</param>
/// <param name="Caregivers">Caregivers with home place, certificates and absences.</param>
/// <param name="Pins">Visits the dispatcher pinned (they become the solver's fixed visits).</param>
public sealed record RosterInputs(
    DateOnly WeekStart,
    IReadOnlyList<Agency> Agencies,
    IReadOnlyList<Place> Places,
    IReadOnlyList<FerryLine> FerryLines,
    IReadOnlyDictionary<string, Skill> ItemSkills,
    IReadOnlyList<Client> Clients,
    IReadOnlyList<CarePlan> Plans,
    IReadOnlyList<Caregiver> Caregivers,
    IReadOnlyList<RosterPin>? Pins = null);

/// <summary>
/// The one mapping from care plans, caregivers and timetables to the optimizer's <see cref="RosterProblem"/>: the app's
/// runs and the bench's demo week both go through <see cref="Build"/>. Ids in the problem are the entities' Guids
/// (<see cref="IdOf"/>), so a roster maps back to rows without a lookup table.
/// </summary>
public static class RosterProblemBuilder
{
    /// <summary>The lunch window every caregiver's break must lie in.</summary>
    public static readonly DayWindow LunchWindow = new(11 * 60 + 30, 13 * 60 + 30);

    /// <summary>Length of the lunch break.</summary>
    public const int LunchMinutes = 60;

    /// <summary>The problem's id of an entity.</summary>
    public static string IdOf(Guid id) => id.ToString("N");

    /// <summary>The entity behind a problem id, or null when the id is not one of ours.</summary>
    public static Guid? GuidOf(string id) => Guid.TryParseExact(id, "N", out var guid) ? guid : null;

    /// <summary>Maps the inputs to the week's roster problem.</summary>
    public static RosterProblem Build(RosterInputs inputs)
    {
        var week = inputs.WeekStart;
        var dates = Enumerable.Range(0, 7).Select(week.AddDays).ToArray();
        var regionOf = inputs.Agencies.ToDictionary(a => a.Id, a => a.Code);
        var placeCode = inputs.Places.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().Code);

        var places = inputs.Places.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => new TravelPlace(p.Code, p.Latitude, p.Longitude,
            p.Link == PlaceLink.Ferry ? p.Code : "main", p.IsUrban)).ToList();
        var land = new GreatCircleTravelTimeSource(places.Where(p => p.Urban).Select(p => p.Code));
        var sailings = inputs.FerryLines.OrderBy(l => l.Code, StringComparer.Ordinal).SelectMany(l => l.Schedules.OrderBy(s => s.Id).ThenBy(s => s.FromPlaceId).Select(s => new FerrySailings(
            l.Code, s.FromPlace?.Code ?? placeCode[s.FromPlaceId], s.ToPlace?.Code ?? placeCode[s.ToPlaceId], s.CrossingMinutes,
            [.. s.Departures.Select(d => Minutes(d.Departs)).Order()], Days(s.OperatingDays))));
        var suspensions = inputs.FerryLines.SelectMany(l => l.Suspensions.Where(s => s.Date >= week && s.Date <= dates[^1]).OrderBy(s => s.Date).Select(s => (l.Code, s.Date)));
        var network = new FerryNetwork(places, sailings, suspensions, land);

        // In id order: the same data gives the same problem (and roster) whatever order it was read in.
        var caregivers = inputs.Caregivers.Where(c => c.IsActive && regionOf.ContainsKey(c.AgencyId)).OrderBy(c => c.Id).Select(c => Caregiver(c, regionOf[c.AgencyId], placeCode, dates)).ToList();
        var known = caregivers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        var plansOf = inputs.Plans.ToLookup(p => p.ClientId);
        var clients = new List<RosterClient>();
        foreach (var client in inputs.Clients.Where(c => regionOf.ContainsKey(c.AgencyId)).OrderBy(c => c.Id))
        {
            var active = dates.Where(d => client.StatusOn(d) == ClientStatus.Active).ToArray();
            var plan = PlanOf(plansOf[client.Id], active);
            if (plan is null || plan.VisitsPerWeek == 0)
            {
                continue;
            }

            var pins = (inputs.Pins ?? []).Where(p => p.ClientId == client.Id && p.Date >= week && p.Date <= dates[^1] && known.Contains(IdOf(p.CaregiverId)))
                .OrderBy(p => p.Date).Select(p => new FixedVisit(p.Date, IdOf(p.CaregiverId), p.Start is { } t ? Minutes(t) : null)).ToList();
            clients.Add(Client(client, plan, regionOf[client.AgencyId], placeCode, active, inputs.ItemSkills, known, pins));
        }

        return new RosterProblem { WeekStart = week, Clients = clients, Caregivers = caregivers, Network = network };
    }

    /// <summary>The plan in force on the first active day of the week that one covers (null: no visits this week).</summary>
    public static CarePlan? PlanOf(IEnumerable<CarePlan> plans, IReadOnlyCollection<DateOnly> activeDates) =>
        plans.OrderByDescending(p => p.EffectiveFrom).FirstOrDefault(p => activeDates.Any(p.CoversDate));

    /// <summary>Loads one agency's inputs for a week (reference data unfiltered, tenant rows through the filter).</summary>
    public static async Task<RosterInputs> LoadAsync(CareOpsDb db, Guid agencyId, DateOnly weekStart, CancellationToken ct = default)
    {
        var pins = await db.RosterWeeks.AsNoTracking().Where(w => w.AgencyId == agencyId && w.WeekStart == weekStart).Select(w => w.PinsJson).SingleOrDefaultAsync(ct);
        return await LoadAsync(db, agencyId, weekStart, RosterPin.Read(pins), ct);
    }

    /// <summary>As <see cref="LoadAsync(CareOpsDb, Guid, DateOnly, CancellationToken)"/>, with the given pins.</summary>
    public static async Task<RosterInputs> LoadAsync(CareOpsDb db, Guid agencyId, DateOnly weekStart, IReadOnlyList<RosterPin> pins, CancellationToken ct = default)
    {
        var agencies = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).ToListAsync(ct);
        var places = await db.Places.AsNoTracking().ToListAsync(ct);
        var lines = await db.FerryLines.AsNoTracking()
            .Include(l => l.Schedules).ThenInclude(s => s.Departures)
            .Include(l => l.Suspensions)
            .AsSplitQuery().ToListAsync(ct);
        var skills = await db.CatalogueItems.AsNoTracking().Select(i => new { i.Code, i.Skill }).ToListAsync(ct);
        var clients = await db.Clients.AsNoTracking().Where(c => c.AgencyId == agencyId).Include(c => c.StatusPeriods).AsSplitQuery().ToListAsync(ct);
        var plans = await db.CarePlans.AsNoTracking().Where(p => p.AgencyId == agencyId)
            .Include(p => p.Items).Include(p => p.DayWindows).Include(p => p.Caregivers).AsSplitQuery().ToListAsync(ct);
        var caregivers = await db.Caregivers.AsNoTracking().Where(c => c.AgencyId == agencyId)
            .Include(c => c.Certificates).Include(c => c.Absences).AsSplitQuery().ToListAsync(ct);
        return new RosterInputs(weekStart, agencies, places, lines,
            skills.GroupBy(s => s.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Skill, StringComparer.Ordinal),
            clients, plans, caregivers, pins);
    }

    /// <summary>
    /// A fingerprint of the problem (SHA-256 of its JSON): a draft planned on one fingerprint is stale once the week's
    /// data gives another. Pins are the dispatcher's choices, not the week's data: they do not count.
    /// </summary>
    public static string Fingerprint(RosterProblem problem) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(RosterJson.WriteProblem(WithoutPins(problem)))));

    private static RosterProblem WithoutPins(RosterProblem problem) => problem.Clients.All(c => c.FixedVisits.Count == 0) ? problem
        : new RosterProblem
        {
            WeekStart = problem.WeekStart,
            Caregivers = problem.Caregivers,
            Network = problem.Network,
            Clients = [.. problem.Clients.Select(c => c.FixedVisits.Count == 0 ? c : Unpinned(c))],
        };

    private static RosterClient Unpinned(RosterClient c) => new()
    {
        Id = c.Id,
        Name = c.Name,
        Location = c.Location,
        Region = c.Region,
        VisitsPerWeek = c.VisitsPerWeek,
        MinutesPerVisit = c.MinutesPerVisit,
        AllowedDays = c.AllowedDays,
        Window = c.Window,
        WindowByDay = c.WindowByDay,
        PreferredWindow = c.PreferredWindow,
        RequiredSkill = c.RequiredSkill,
        PreferredCaregivers = c.PreferredCaregivers,
        ExcludedCaregivers = c.ExcludedCaregivers,
    };

    private static RosterCaregiver Caregiver(Caregiver c, string region, Dictionary<int, string> placeCode, DateOnly[] dates)
    {
        var id = IdOf(c.Id);
        var certified = dates.Where(c.IsCertifiedOn).ToArray();
        var unavailable = dates.Where(d => c.IsAbsentOn(d) || (certified.Length > 0 && !certified.Contains(d))).ToHashSet();
        var shift = new DayWindow(Minutes(c.ShiftStart), Minutes(c.ShiftEnd));
        return new RosterCaregiver
        {
            Id = id,
            Name = c.Name,
            Region = region,
            Home = new GeoPoint(c.HomeLatitude, c.HomeLongitude, c.HomePlace?.Code ?? placeCode[c.HomePlaceId], id),
            WorkingDays = Days(c.WorkingDays),
            Shift = shift,
            LunchWindow = LunchWindow,
            LunchMinutes = LunchMinutes,

            // The shift less the hour's break; the weekly limit is the caregiver's own.
            DailyMaxMinutes = shift.End - shift.Start - LunchMinutes,
            WeeklyMaxMinutes = c.WeeklyHourLimit * 60,
            Skill = c.Skill == Skill.Nursing ? CareSkill.Nursing : CareSkill.Basic,

            // Certified on some days of the week: valid to the week's end, the other days unavailable.
            CertificateValidUntil = certified.Length == 0 ? null : Max(c.CertificateValidUntil, certified[^1]),
            UnavailableDates = unavailable,
        };
    }

    private static RosterClient Client(Client client, CarePlan plan, string region, Dictionary<int, string> placeCode, DateOnly[] active,
        IReadOnlyDictionary<string, Skill> itemSkills, HashSet<string> caregivers, IReadOnlyList<FixedVisit> pins)
    {
        var id = IdOf(client.Id);
        var nursing = plan.RequiredSkill == Skill.Nursing
            || (plan.RequiredSkill is null && plan.Items.Any(i => itemSkills.GetValueOrDefault(i.ItemCode) == Skill.Nursing));
        var allowed = Days(plan.AllowedDays);
        return new RosterClient
        {
            Id = id,
            Name = client.Name,
            Region = region,
            Location = new GeoPoint(client.Latitude, client.Longitude, client.Place?.Code ?? placeCode[client.PlaceId], id),
            VisitsPerWeek = plan.VisitsPerWeek,
            MinutesPerVisit = plan.MinutesPerVisit,
            AllowedDays = active.Where(d => plan.CoversDate(d) && allowed.Contains(d.DayOfWeek)).Select(d => d.DayOfWeek).ToHashSet(),
            Window = new DayWindow(Minutes(plan.WindowStart), Minutes(plan.WindowEnd)),
            WindowByDay = plan.DayWindows.OrderBy(w => w.Day).ToDictionary(w => w.Day, w => new DayWindow(Minutes(w.Start), Minutes(w.End))),
            PreferredWindow = plan.PreferredStart is { } ps && plan.PreferredEnd is { } pe ? new DayWindow(Minutes(ps), Minutes(pe)) : null,
            RequiredSkill = nursing ? CareSkill.Nursing : CareSkill.Basic,
            PreferredCaregivers = Named(plan, PlanCaregiverRole.Preferred, caregivers),
            ExcludedCaregivers = Named(plan, PlanCaregiverRole.Excluded, caregivers),
            FixedVisits = pins,
        };
    }

    private static string[] Named(CarePlan plan, PlanCaregiverRole role, HashSet<string> caregivers) =>
        [.. plan.Caregivers.Where(c => c.Role == role).Select(c => IdOf(c.CaregiverId)).Where(caregivers.Contains).Order(StringComparer.Ordinal)];

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Minutes after midnight.</summary>
    public static int Minutes(TimeOnly t) => t.Hour * 60 + t.Minute;

    /// <summary>The days of a flags value.</summary>
    public static HashSet<DayOfWeek> Days(WeekDays days) => [.. Enum.GetValues<DayOfWeek>().Where(d => days.Includes(d))];
}

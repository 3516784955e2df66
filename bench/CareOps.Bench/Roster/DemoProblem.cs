using CareOps.Data.Domain;
using CareOps.Data.Seeding;
using CareOps.Scheduling.Roster;
using CareOps.Scheduling.Travel;

namespace CareOps.Bench;

/// <summary>
/// Maps the seeded demo archipelago (exactly what the app seeds) to a weekly roster problem.
/// Choices the seed does not spell out are documented in docs/roster-format.md ("The demo week").
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
        var places = data.Places.Select(p => new TravelPlace(p.Code, p.Latitude, p.Longitude,
            p.Link == PlaceLink.Ferry ? p.Code : "main", p.IsUrban)).ToList();
        var land = new GreatCircleTravelTimeSource(places.Where(p => p.Urban).Select(p => p.Code));
        var sailings = data.FerryLines.SelectMany(l => l.Schedules.Select(s => new FerrySailings(
            l.Code, s.FromPlace!.Code, s.ToPlace!.Code, s.CrossingMinutes,
            [.. s.Departures.Select(d => d.Departs.Hour * 60 + d.Departs.Minute)], Days(s.OperatingDays))));
        var suspensions = data.FerryLines.SelectMany(l => l.Suspensions.Select(s => (l.Code, s.Date)));
        var network = new FerryNetwork(places, sailings, suspensions, land);
        var regionOf = data.Agencies.ToDictionary(a => a.Id, a => a.Code);
        var dates = Enumerable.Range(0, 7).Select(week.AddDays).ToArray();

        var caregivers = data.Caregivers.Where(c => c.IsActive).Select(c => new RosterCaregiver
        {
            Id = $"{regionOf[c.AgencyId]}-{c.Code}",
            Name = c.Name,
            Region = regionOf[c.AgencyId],
            Home = new GeoPoint(c.HomeLatitude, c.HomeLongitude, c.HomePlace!.Code, $"{regionOf[c.AgencyId]}-{c.Code}"),
            WorkingDays = Days(c.WorkingDays),
            Shift = new DayWindow(Minutes(c.ShiftStart), Minutes(c.ShiftEnd)),
            LunchWindow = new DayWindow(11 * 60 + 30, 13 * 60 + 30),
            LunchMinutes = 60,
            // 9-hour shift less the hour's break; the weekly limit is the caregiver's own.
            DailyMaxMinutes = Minutes(c.ShiftEnd) - Minutes(c.ShiftStart) - 60,
            WeeklyMaxMinutes = c.WeeklyHourLimit * 60,
            Skill = c.Skill == Skill.Nursing ? CareSkill.Nursing : CareSkill.Basic,
            CertificateValidUntil = c.CertificateNumber.Length > 0 ? c.CertificateValidUntil : null,
        }).ToList();

        var plans = data.CarePlans.ToLookup(p => p.ClientId);
        var clients = new List<RosterClient>();
        var counter = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var client in data.Clients)
        {
            var region = regionOf[client.AgencyId];
            var n = counter[region] = counter.GetValueOrDefault(region) + 1;
            var active = dates.Where(d => client.StatusOn(d) == ClientStatus.Active).ToArray();
            var plan = plans[client.Id].FirstOrDefault(p => active.Any(d => p.EffectiveFrom <= d && (p.EffectiveTo is null || d <= p.EffectiveTo)));
            if (plan is null || plan.VisitsPerWeek == 0)
            {
                continue;
            }

            var nursing = plan.Items.Any(i => catalogue.GetValueOrDefault(i.ItemCode) == Skill.Nursing);
            var id = $"{region}-c{n:D4}";
            clients.Add(new RosterClient
            {
                Id = id,
                Name = client.Name,
                Region = region,
                Location = new GeoPoint(client.Latitude, client.Longitude, client.Place!.Code, id),
                VisitsPerWeek = plan.VisitsPerWeek,
                MinutesPerVisit = plan.MinutesPerVisit,
                AllowedDays = active.Where(d => plan.EffectiveFrom <= d && (plan.EffectiveTo is null || d <= plan.EffectiveTo)).Select(d => d.DayOfWeek).ToHashSet(),
                Window = client.PreferredWindow switch
                {
                    VisitWindow.Morning => new DayWindow(8 * 60, 12 * 60),
                    VisitWindow.Afternoon => new DayWindow(13 * 60, 17 * 60),
                    _ => new DayWindow(8 * 60, 17 * 60),
                },
                RequiredSkill = nursing ? CareSkill.Nursing : CareSkill.Basic,
            });
        }

        return new RosterProblem { WeekStart = week, Clients = clients, Caregivers = caregivers, Network = network };
    }

    private static int Minutes(TimeOnly t) => t.Hour * 60 + t.Minute;

    private static HashSet<DayOfWeek> Days(WeekDays days) => [.. Enum.GetValues<DayOfWeek>().Where(d => days.Includes(d))];
}

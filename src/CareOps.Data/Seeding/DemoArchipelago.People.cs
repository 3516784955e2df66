using CareOps.Data.Domain;
using static CareOps.Data.Seeding.DemoGeography;

namespace CareOps.Data.Seeding;

public static partial class DemoArchipelago
{
    // Weighted by repetition: spouses give most family care, then children and children-in-law.
    private static readonly string[] Relationships = ["配偶", "配偶", "配偶", "儿子", "儿子", "女儿", "女儿", "儿媳", "儿媳", "女婿"];

    /// <summary>A generated client and what its care plan needs to know.</summary>
    private sealed record ClientDraft(Client Client, DateOnly PlanStart, bool NeedsNursing);

    private static int[] PlaceIndexPerPerson(DemoRandom random, int[] countsPerPlace)
    {
        var indexes = countsPerPlace.SelectMany((count, place) => Enumerable.Repeat(place, count)).ToArray();
        random.Shuffle(indexes);
        return indexes;
    }

    private static List<Caregiver> BuildCaregivers(
        DemoRandom random, DateOnly anchor, Guid agencyId, PlaceSpec[] placeSpecs, int[] perPlace,
        Dictionary<string, Place> places, CertificateState[] certificates)
    {
        var count = perPlace.Sum();
        var homes = PlaceIndexPerPerson(random, perPlace);
        var nursing = random.Deck(count, (true, 0.3), (false, 0.7));
        var tuesdayToSaturday = random.Deck(count, (true, 0.2), (false, 0.8));
        var male = random.Deck(count, (true, 0.1), (false, 0.9));
        var healthCareAssistant = random.Deck(count, (true, 0.25), (false, 0.75));

        var caregivers = new List<Caregiver>(count);
        for (var k = 0; k < count; k++)
        {
            var home = placeSpecs[homes[k]];
            var (lat, lon) = random.Near(home);
            var kind = healthCareAssistant[k] ? CertificateKind.HealthCareAssistant : CertificateKind.ElderlyCareWorker;
            var validUntil = CertificateValidUntil(random, anchor, certificates[k]);
            caregivers.Add(new Caregiver
            {
                Id = random.NextGuid(),
                AgencyId = agencyId,
                Code = $"cg{k + 1:D2}",
                Name = random.AdultName(male[k]),
                Phone = random.Mobile(),
                CertificateKind = kind,
                CertificateNumber = $"{(kind == CertificateKind.ElderlyCareWorker ? "YL" : "JK")}-{home.AreaCode}-{validUntil.Year - 3}-{random.Next(0, 100_000):D5}",
                CertificateValidUntil = validUntil,
                Skill = nursing[k] ? Skill.Nursing : Skill.Basic,
                HomePlace = places[home.Code],
                HomeLatitude = lat,
                HomeLongitude = lon,
                WorkingDays = tuesdayToSaturday[k] ? WeekDays.TuesdayToSaturday : WeekDays.MondayToFriday,
                ShiftStart = new TimeOnly(8, 0),
                ShiftEnd = new TimeOnly(17, 0),
                WeeklyHourLimit = 40,
            });
        }

        // The certificate held now, valid for its three years: the history that "certified on the day" reads.
        foreach (var c in caregivers)
        {
            c.Certificates = [new CertificatePeriod { Kind = c.CertificateKind, Number = c.CertificateNumber, ValidFrom = c.CertificateValidUntil.AddYears(-3), ValidUntil = c.CertificateValidUntil }];
        }

        return caregivers;
    }

    // A few certificates lapse soon or have lapsed, so the expiry warnings have something to show.
    private static DateOnly CertificateValidUntil(DemoRandom random, DateOnly anchor, CertificateState state) => state switch
    {
        CertificateState.ExpiringSoon => anchor.AddDays(random.Next(1, 31)),
        CertificateState.Expired => anchor.AddDays(-random.Next(1, 120)),
        _ => anchor.AddDays(random.Next(183, 1096)),
    };

    private static List<ClientDraft> BuildClients(
        DemoRandom random, DateOnly anchor, Guid agencyId, ServiceRegion region, PlaceSpec[] placeSpecs, int[] perPlace,
        Dictionary<string, Place> places)
    {
        var count = perPlace.Sum();
        var homes = PlaceIndexPerPerson(random, perPlace);
        var male = random.Deck(count, (true, 0.45), (false, 0.55));
        var familyCare = random.Deck(count, (true, 0.6), (false, 0.4));
        var windows = random.Deck(count, (VisitWindow.AllDay, 0.7), (VisitWindow.Morning, 0.15), (VisitWindow.Afternoon, 0.15));
        var nursing = random.Deck(count, (true, 0.15), (false, 0.85));
        var hospital = random.Deck(count, (true, 0.02), (false, 0.98));
        var coverages = CoverageDecks(random, count);

        var drafts = new List<ClientDraft>(count);
        for (var k = 0; k < count; k++)
        {
            var home = placeSpecs[homes[k]];
            var assessment = NewAssessment(random, anchor);
            var planStart = assessment.AssessedOn.AddDays(random.Next(3, 14));
            var client = NewClient(random, agencyId, home, male[k]);
            client.Place = places[home.Code];
            client.Region = region;
            client.Assessment = assessment;
            client.CareMode = familyCare[k] ? CareMode.FamilyCare : CareMode.Home;
            client.FamilyCaregiver = familyCare[k] ? NewFamilyCaregiver(random, client.Name, male[k], planStart) : null;
            client.PreferredWindow = windows[k];
            client.Coverages = [.. coverages.Where(c => c.Holds[k]).Select(c => NewCoverage(random, c.Kind, planStart))];
            client.StatusPeriods = StatusPeriods(random, anchor, planStart, hospital[k]);
            drafts.Add(new ClientDraft(client, planStart, nursing[k]));
        }

        return drafts;
    }

    private static Client NewClient(DemoRandom random, Guid agencyId, PlaceSpec home, bool male)
    {
        var birth = random.DateBetween(new DateOnly(1930, 1, 1), new DateOnly(1962, 12, 31));
        var residentId = random.ResidentId(home.AreaCode, birth, male);
        var (lat, lon) = random.Near(home);
        return new Client
        {
            Id = random.NextGuid(),
            AgencyId = agencyId,
            ResidentId = residentId,
            ResidentIdLast4 = residentId[^4..],
            Name = random.ElderName(male),
            Phone = random.Mobile(),
            Address = random.Address(home),
            Latitude = lat,
            Longitude = lon,
        };
    }

    private static Assessment NewAssessment(DemoRandom random, DateOnly anchor)
    {
        // Two weeks of slack before the anchor so every plan has started by "today".
        var assessedOn = random.DateBetween(anchor.AddMonths(-18), anchor.AddDays(-14));
        return new Assessment
        {
            Grade = random.Next(1, 4),
            AssessedOn = assessedOn,
            ValidUntil = assessedOn.AddYears(2),
            OnsetDate = assessedOn.AddDays(-random.Next(183, 1096)),
        };
    }

    private static FamilyCaregiver NewFamilyCaregiver(DemoRandom random, string clientName, bool clientMale, DateOnly planStart)
    {
        var relationship = random.Pick(Relationships);
        var relativeMale = relationship switch
        {
            "配偶" => !clientMale,
            "儿子" or "女婿" => true,
            _ => false,
        };

        // Children carry the father's surname; spouses and in-laws have their own.
        var surname = clientMale && relationship is "儿子" or "女儿" ? clientName[..1] : null;
        return new FamilyCaregiver
        {
            Name = relationship == "配偶" ? random.ElderName(relativeMale) : random.AdultName(relativeMale, surname),
            Relationship = relationship,
            Phone = random.Mobile(),
            TrainedOn = planStart.AddDays(-random.Next(7, 60)),
        };
    }

    private static (CoverageKind Kind, bool[] Holds)[] CoverageDecks(DemoRandom random, int count) =>
    [
        (CoverageKind.Zhuhuibao, random.Deck(count, (true, 0.85), (false, 0.15))),
        (CoverageKind.SocialAssistance, random.Deck(count, (true, 0.04), (false, 0.96))),
        (CoverageKind.Commercial, random.Deck(count, (true, 0.05), (false, 0.95))),
        (CoverageKind.SelfPay, random.Deck(count, (true, 0.10), (false, 0.90))),
    ];

    private static Coverage NewCoverage(DemoRandom random, CoverageKind kind, DateOnly planStart) => new()
    {
        Kind = kind,
        Product = kind == CoverageKind.Commercial ? random.Pick(CommercialProducts) : null,
        From = planStart,
    };

    /// <summary>Active from the plan start; a past hospital stay splits it. Exactly one period is open.</summary>
    private static List<StatusPeriod> StatusPeriods(DemoRandom random, DateOnly anchor, DateOnly planStart, bool wasInHospital)
    {
        // Note: a stay needs room between the plan start and the anchor; younger plans stay simply Active.
        if (!wasInHospital || planStart > anchor.AddDays(-60))
        {
            return [new StatusPeriod { Status = ClientStatus.Active, From = planStart }];
        }

        var admitted = random.DateBetween(planStart.AddDays(20), anchor.AddDays(-35));
        var discharged = admitted.AddDays(random.Next(4, 21));
        return
        [
            new StatusPeriod { Status = ClientStatus.Active, From = planStart, To = admitted.AddDays(-1) },
            new StatusPeriod { Status = ClientStatus.InHospital, From = admitted, To = discharged, Note = "住院治疗" },
            new StatusPeriod { Status = ClientStatus.Active, From = discharged.AddDays(1) },
        ];
    }

    private static List<CarePlan> BuildPlans(DemoRandom random, Guid agencyId, List<ClientDraft> drafts, IReadOnlyList<CatalogueItem> catalogue)
    {
        var basic = catalogue.Where(i => i.Skill == Skill.Basic).Select(i => i.Code).ToArray();
        var nursing = catalogue.Where(i => i.Skill == Skill.Nursing).Select(i => i.Code).ToArray();
        return [.. drafts.Select(d =>
        {
            var home = d.Client.CareMode == CareMode.Home;
            return new CarePlan
            {
                Id = random.NextGuid(),
                AgencyId = agencyId,
                ClientId = d.Client.Id,
                VisitsPerWeek = home ? 3 : 2,
                MinutesPerVisit = home || !random.Chance(0.8) ? 60 : 90,
                EffectiveFrom = d.PlanStart,

                // The plan's hard window follows the family's stated preference (the demo has no separate soft window).
                WindowStart = d.Client.PreferredWindow == VisitWindow.Afternoon ? new TimeOnly(13, 0) : new TimeOnly(8, 0),
                WindowEnd = d.Client.PreferredWindow == VisitWindow.Morning ? new TimeOnly(12, 0) : new TimeOnly(17, 0),
                Items = [.. PlanItemCodes(random, basic, d.NeedsNursing ? nursing : []).Select(code => new PlanItem { ItemCode = code })],
            };
        })];
    }

    private static IEnumerable<string> PlanItemCodes(DemoRandom random, string[] basic, string[] nursing)
    {
        var total = random.Next(4, 9);
        var nursingCount = nursing.Length == 0 ? 0 : random.Next(1, 3);
        return TakeRandom(random, basic, total - nursingCount)
            .Concat(TakeRandom(random, nursing, nursingCount))
            .Order(StringComparer.Ordinal);
    }

    private static string[] TakeRandom(DemoRandom random, string[] source, int count)
    {
        var copy = (string[])source.Clone();
        random.Shuffle(copy);
        return copy[..Math.Min(count, copy.Length)];
    }

    private static List<DemoUser> BuildUsers(DemoRandom random, List<ServiceRegion> regions, List<Agency> agencies, List<Caregiver> caregivers)
    {
        var users = new List<DemoUser>();
        for (var i = 0; i < agencies.Count; i++)
        {
            var (agency, region, prefix) = (agencies[i], regions[i].Name, $"r{i + 1}");
            users.Add(new(NewUser(random, $"{prefix}.admin", $"{region} 管理员", agency.Id, null), Roles.AgencyAdmin));
            users.Add(new(NewUser(random, $"{prefix}.dispatcher", $"{region} 调度员", agency.Id, null), Roles.Dispatcher));
            users.Add(new(NewUser(random, $"{prefix}.finance", $"{region} 财务", agency.Id, null), Roles.Finance));
            foreach (var caregiver in caregivers.Where(c => c.AgencyId == agency.Id))
            {
                users.Add(new(NewUser(random, $"{prefix}.{caregiver.Code}", caregiver.Name, agency.Id, caregiver.Id), Roles.Caregiver));
            }
        }

        users.Add(new(NewUser(random, "operator", "平台运营", null, null), Roles.Operator));
        return users;
    }

    private static ApplicationUser NewUser(DemoRandom random, string localPart, string displayName, Guid? agencyId, Guid? caregiverId)
    {
        var email = $"{localPart}@{EmailDomain}";
        return new ApplicationUser
        {
            Id = random.NextGuid().ToString(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            SecurityStamp = random.NextGuid().ToString("N").ToUpperInvariant(),
            ConcurrencyStamp = random.NextGuid().ToString(),
            LockoutEnabled = true,
            AgencyId = agencyId,
            DisplayName = displayName,
            CaregiverId = caregiverId,
        };
    }
}

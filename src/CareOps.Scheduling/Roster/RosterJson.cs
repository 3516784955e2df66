using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CareOps.Scheduling.Travel;

namespace CareOps.Scheduling.Roster;

/// <summary>A disruption to a published roster (docs/roster-format.md).</summary>
public sealed class RosterDisruption
{
    /// <summary>Caregivers unavailable on dates.</summary>
    public IReadOnlyList<(string CaregiverId, IReadOnlyList<DateOnly> Dates)> CaregiverUnavailable { get; init; } = [];

    /// <summary>Ferry lines suspended on dates.</summary>
    public IReadOnlyList<(string Line, DateOnly Date)> FerrySuspended { get; init; } = [];

    /// <summary>New clients to fit in.</summary>
    public IReadOnlyList<RosterClient> ClientsAdded { get; init; } = [];

    /// <summary>Clients whose visits this week are cancelled.</summary>
    public IReadOnlyList<string> ClientsCancelled { get; init; } = [];
}

/// <summary>Reads and writes the problem, roster and disruption JSON formats (docs/roster-format.md).</summary>
public static class RosterJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    /// <summary>Parses a problem.</summary>
    public static RosterProblem ReadProblem(string json)
    {
        var dto = JsonSerializer.Deserialize<ProblemDto>(json, Options) ?? throw new FormatException("empty problem");
        var t = dto.Travel ?? new TravelDto();
        var places = dto.Places.Select(p => new TravelPlace(p.Code, p.Lat, p.Lon, p.LandGroup ?? p.Code, p.Urban)).ToList();
        var land = new GreatCircleTravelTimeSource(places.Where(p => p.Urban).Select(p => p.Code), t.DetourFactor, t.UrbanKmh, t.RuralKmh);
        var sailings = dto.FerryLines.SelectMany(l => l.Sailings.Select(s => new FerrySailings(
            l.Code, s.From, s.To, s.CrossingMinutes, [.. s.Departures.Select(Minutes)], Days(s.OperatingDays))));
        var network = new FerryNetwork(places, sailings, dto.Suspensions.Select(s => (s.Line, s.Date)), land);
        return new RosterProblem
        {
            WeekStart = dto.WeekStart,
            Network = network,
            Caregivers = [.. dto.Caregivers.Select(c => new RosterCaregiver
            {
                Id = c.Id,
                Name = c.Name ?? "",
                Region = c.Region ?? "",
                Home = Point(c.Home, c.Id),
                WorkingDays = Days(c.WorkingDays),
                Shift = Window(c.Shift ?? "08:00-17:00"),
                LunchWindow = c.LunchWindow is null ? null : Window(c.LunchWindow),
                LunchMinutes = c.LunchMinutes,
                DailyMaxMinutes = c.DailyMaxMinutes,
                WeeklyMaxMinutes = c.WeeklyMaxMinutes,
                Skill = Skill(c.Skill),
                CertificateValidUntil = c.CertificateValidUntil,
                UnavailableDates = new HashSet<DateOnly>(c.Unavailable ?? []),
            })],
            Clients = [.. dto.Clients.Select(ToClient)],
        };
    }

    private static RosterClient ToClient(ClientDto c) => new()
    {
        Id = c.Id,
        Name = c.Name ?? "",
        Region = c.Region ?? "",
        Location = Point(c.Location, c.Id),
        VisitsPerWeek = c.VisitsPerWeek,
        MinutesPerVisit = c.MinutesPerVisit,
        AllowedDays = c.AllowedDays is null ? RosterClient.AllDays : Days(c.AllowedDays),
        Window = Window(c.Window ?? "08:00-17:00"),
        WindowByDay = (c.WindowByDay ?? []).ToDictionary(kv => Day(kv.Key), kv => Window(kv.Value)),
        PreferredWindow = c.PreferredWindow is null ? null : Window(c.PreferredWindow),
        RequiredSkill = Skill(c.RequiredSkill),
        PreferredCaregivers = c.PreferredCaregivers ?? [],
        ExcludedCaregivers = c.ExcludedCaregivers ?? [],
        FixedVisits = [.. (c.FixedVisits ?? []).Select(f => new FixedVisit(f.Date, f.Caregiver, f.Start is null ? null : Minutes(f.Start)))],
    };

    /// <summary>Writes a problem (the land source is written as great-circle parameters).</summary>
    public static string WriteProblem(RosterProblem problem)
    {
        var land = problem.Network.Land as GreatCircleTravelTimeSource;
        var dto = new ProblemDto
        {
            WeekStart = problem.WeekStart,
            Travel = land is null ? null : new TravelDto { DetourFactor = land.DetourFactor, UrbanKmh = land.UrbanKmh, RuralKmh = land.RuralKmh },
            Places = [.. problem.Network.Places.Values.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => new PlaceDto { Code = p.Code, Lat = p.Latitude, Lon = p.Longitude, LandGroup = p.LandGroup, Urban = p.Urban })],
            FerryLines = [.. problem.Network.Sailings.GroupBy(s => s.Line, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new LineDto
            {
                Code = g.Key,
                Sailings = [.. g.Select(s => new SailingDto { From = s.From, To = s.To, CrossingMinutes = s.CrossingMinutes, Departures = [.. s.Departures.Select(Hm)], OperatingDays = DayList(s.OperatingDays) })],
            })],
            Suspensions = [.. problem.Network.Suspensions.Select(s => new SuspensionDto { Line = s.Line, Date = s.Date })],
            Caregivers = [.. problem.Caregivers.Select(c => new CaregiverDto
            {
                Id = c.Id,
                Name = c.Name,
                Region = c.Region,
                Home = new PointDto { Lat = c.Home.Latitude, Lon = c.Home.Longitude, Place = c.Home.Place },
                WorkingDays = DayList(c.WorkingDays),
                Shift = Range(c.Shift),
                LunchWindow = c.LunchWindow is { } w ? Range(w) : null,
                LunchMinutes = c.LunchMinutes,
                DailyMaxMinutes = c.DailyMaxMinutes,
                WeeklyMaxMinutes = c.WeeklyMaxMinutes,
                Skill = c.Skill == CareSkill.Nursing ? "nursing" : "basic",
                CertificateValidUntil = c.CertificateValidUntil,
                Unavailable = c.UnavailableDates.Count == 0 ? null : [.. c.UnavailableDates.Order()],
            })],
            Clients = [.. problem.Clients.Select(FromClient)],
        };
        return JsonSerializer.Serialize(dto, Options);
    }

    private static ClientDto FromClient(RosterClient c) => new()
    {
        Id = c.Id,
        Name = c.Name,
        Region = c.Region,
        Location = new PointDto { Lat = c.Location.Latitude, Lon = c.Location.Longitude, Place = c.Location.Place },
        VisitsPerWeek = c.VisitsPerWeek,
        MinutesPerVisit = c.MinutesPerVisit,
        AllowedDays = c.AllowedDays.Count == 7 ? null : DayList(c.AllowedDays),
        Window = Range(c.Window),
        WindowByDay = c.WindowByDay.Count == 0 ? null : c.WindowByDay.ToDictionary(kv => DayNames[(int)kv.Key], kv => Range(kv.Value)),
        PreferredWindow = c.PreferredWindow is { } p ? Range(p) : null,
        RequiredSkill = c.RequiredSkill == CareSkill.Nursing ? "nursing" : "basic",
        PreferredCaregivers = c.PreferredCaregivers.Count == 0 ? null : [.. c.PreferredCaregivers],
        ExcludedCaregivers = c.ExcludedCaregivers.Count == 0 ? null : [.. c.ExcludedCaregivers],
        FixedVisits = c.FixedVisits.Count == 0 ? null : [.. c.FixedVisits.Select(f => new FixedDto { Date = f.Date, Caregiver = f.CaregiverId, Start = f.Start is { } s ? Hm(s) : null })],
    };

    /// <summary>Writes a roster.</summary>
    public static string WriteRoster(Roster roster) => JsonSerializer.Serialize(new RosterDto
    {
        WeekStart = roster.WeekStart,
        Days = [.. roster.Days.Select(d => new DayDto
        {
            Caregiver = d.CaregiverId,
            Date = d.Date,
            LeaveHome = Hm(d.LeaveHome),
            BackHome = Hm(d.BackHome),
            LunchStart = d.LunchStart is { } l ? Hm(l) : null,
            Visits = [.. d.Visits.Select(v => new VisitDto { Client = v.ClientId, Start = Hm(v.Start), End = Hm(v.End) })],
            Legs = [.. d.Legs.Select(l => new LegDto { Kind = l.Kind == LegKind.Ferry ? "ferry" : "land", From = l.From, To = l.To, Depart = Hm(l.Depart), Arrive = Hm(l.Arrive), Line = l.Line })],
        })],
        Unscheduled = [.. roster.Unscheduled.Select(u => new UnscheduledDto { Client = u.ClientId, Reason = u.Reason.ToString(), Zh = u.MessageZh, En = u.MessageEn })],
    }, Options);

    /// <summary>Parses a roster.</summary>
    public static Roster ReadRoster(string json)
    {
        var dto = JsonSerializer.Deserialize<RosterDto>(json, Options) ?? throw new FormatException("empty roster");
        return new Roster(dto.WeekStart,
            [.. dto.Days.Select(d => new CaregiverDay(d.Caregiver, d.Date, Minutes(d.LeaveHome), Minutes(d.BackHome), d.LunchStart is null ? null : Minutes(d.LunchStart),
                [.. d.Visits.Select(v => new PlannedVisit(v.Client, Minutes(v.Start), Minutes(v.End)))],
                [.. d.Legs.Select(l => new TravelLeg(l.Kind == "ferry" ? LegKind.Ferry : LegKind.Land, l.From, l.To, Minutes(l.Depart), Minutes(l.Arrive), l.Line))]))],
            [.. dto.Unscheduled.Select(u => new UnscheduledVisit(u.Client, Enum.Parse<UnscheduledReason>(u.Reason), u.Zh ?? "", u.En ?? ""))]);
    }

    /// <summary>Parses a disruption.</summary>
    public static RosterDisruption ReadDisruption(string json)
    {
        var dto = JsonSerializer.Deserialize<DisruptionDto>(json, Options) ?? throw new FormatException("empty disruption");
        return new RosterDisruption
        {
            CaregiverUnavailable = [.. dto.CaregiverUnavailable.Select(c => (c.Caregiver, (IReadOnlyList<DateOnly>)c.Dates))],
            FerrySuspended = [.. dto.FerrySuspended.Select(s => (s.Line, s.Date))],
            ClientsAdded = [.. dto.ClientsAdded.Select(ToClient)],
            ClientsCancelled = dto.ClientsCancelled,
        };
    }

    /// <summary>Writes a disruption.</summary>
    public static string WriteDisruption(RosterDisruption disruption) => JsonSerializer.Serialize(new DisruptionDto
    {
        CaregiverUnavailable = [.. disruption.CaregiverUnavailable.Select(c => new UnavailableDto { Caregiver = c.CaregiverId, Dates = [.. c.Dates] })],
        FerrySuspended = [.. disruption.FerrySuspended.Select(s => new SuspensionDto { Line = s.Line, Date = s.Date })],
        ClientsAdded = [.. disruption.ClientsAdded.Select(FromClient)],
        ClientsCancelled = [.. disruption.ClientsCancelled],
    }, Options);

    private static GeoPoint Point(PointDto p, string key) => new(p.Lat, p.Lon, p.Place, key);

    private static CareSkill Skill(string? s) => string.Equals(s, "nursing", StringComparison.OrdinalIgnoreCase) ? CareSkill.Nursing : CareSkill.Basic;

    private static DayOfWeek Day(string name)
    {
        var i = Array.FindIndex(DayNames, d => string.Equals(d, name[..Math.Min(3, name.Length)], StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? (DayOfWeek)i : throw new FormatException($"unknown day '{name}' (use Mon … Sun)");
    }

    private static HashSet<DayOfWeek> Days(IEnumerable<string>? names) => [.. (names ?? DayNames).Select(Day)];

    private static List<string> DayList(IReadOnlySet<DayOfWeek> days) =>
        [.. Enumerable.Range(0, 7).Select(i => (DayOfWeek)((i + 1) % 7)).Where(days.Contains).Select(d => DayNames[(int)d])];

    internal static int Minutes(string hm)
    {
        var parts = hm.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            ? h * 60 + m
            : throw new FormatException($"'{hm}' is not HH:mm");
    }

    internal static string Hm(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:D2}:{minutes % 60:D2}");

    private static DayWindow Window(string range)
    {
        var parts = range.Split('-');
        return parts.Length == 2 ? new DayWindow(Minutes(parts[0].Trim()), Minutes(parts[1].Trim())) : throw new FormatException($"'{range}' is not HH:mm-HH:mm");
    }

    private static string Range(DayWindow w) => $"{Hm(w.Start)}-{Hm(w.End)}";

    private sealed class ProblemDto
    {
        public DateOnly WeekStart { get; set; }
        public TravelDto? Travel { get; set; }
        public List<PlaceDto> Places { get; set; } = [];
        public List<LineDto> FerryLines { get; set; } = [];
        public List<SuspensionDto> Suspensions { get; set; } = [];
        public List<CaregiverDto> Caregivers { get; set; } = [];
        public List<ClientDto> Clients { get; set; } = [];
    }

    private sealed class TravelDto
    {
        public double DetourFactor { get; set; } = 1.3;
        public double UrbanKmh { get; set; } = 25;
        public double RuralKmh { get; set; } = 35;
    }

    private sealed class PlaceDto
    {
        public string Code { get; set; } = "";
        public double Lat { get; set; }
        public double Lon { get; set; }
        public string? LandGroup { get; set; }
        public bool Urban { get; set; }
    }

    private sealed class LineDto
    {
        public string Code { get; set; } = "";
        public List<SailingDto> Sailings { get; set; } = [];
    }

    private sealed class SailingDto
    {
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        public int CrossingMinutes { get; set; }
        public List<string> Departures { get; set; } = [];
        public List<string>? OperatingDays { get; set; }
    }

    private sealed class SuspensionDto
    {
        public string Line { get; set; } = "";
        public DateOnly Date { get; set; }
    }

    private sealed class PointDto
    {
        public double Lat { get; set; }
        public double Lon { get; set; }
        public string Place { get; set; } = "";
    }

    private sealed class CaregiverDto
    {
        public string Id { get; set; } = "";
        public string? Name { get; set; }
        public string? Region { get; set; }
        public PointDto Home { get; set; } = new();
        public List<string>? WorkingDays { get; set; }
        public string? Shift { get; set; }
        public string? LunchWindow { get; set; } = "11:30-13:30";
        public int LunchMinutes { get; set; } = 60;
        public int DailyMaxMinutes { get; set; } = 480;
        public int WeeklyMaxMinutes { get; set; } = 2400;
        public string? Skill { get; set; }
        public DateOnly? CertificateValidUntil { get; set; }
        public List<DateOnly>? Unavailable { get; set; }
    }

    private sealed class ClientDto
    {
        public string Id { get; set; } = "";
        public string? Name { get; set; }
        public string? Region { get; set; }
        public PointDto Location { get; set; } = new();
        public int VisitsPerWeek { get; set; }
        public int MinutesPerVisit { get; set; }
        public List<string>? AllowedDays { get; set; }
        public string? Window { get; set; }
        public Dictionary<string, string>? WindowByDay { get; set; }
        public string? PreferredWindow { get; set; }
        public string? RequiredSkill { get; set; }
        public List<string>? PreferredCaregivers { get; set; }
        public List<string>? ExcludedCaregivers { get; set; }
        public List<FixedDto>? FixedVisits { get; set; }
    }

    private sealed class FixedDto
    {
        public DateOnly Date { get; set; }
        public string Caregiver { get; set; } = "";
        public string? Start { get; set; }
    }

    private sealed class RosterDto
    {
        public DateOnly WeekStart { get; set; }
        public List<DayDto> Days { get; set; } = [];
        public List<UnscheduledDto> Unscheduled { get; set; } = [];
    }

    private sealed class DayDto
    {
        public string Caregiver { get; set; } = "";
        public DateOnly Date { get; set; }
        public string LeaveHome { get; set; } = "";
        public string BackHome { get; set; } = "";
        public string? LunchStart { get; set; }
        public List<VisitDto> Visits { get; set; } = [];
        public List<LegDto> Legs { get; set; } = [];
    }

    private sealed class VisitDto
    {
        public string Client { get; set; } = "";
        public string Start { get; set; } = "";
        public string End { get; set; } = "";
    }

    private sealed class LegDto
    {
        public string Kind { get; set; } = "land";
        public string From { get; set; } = "";
        public string To { get; set; } = "";
        public string Depart { get; set; } = "";
        public string Arrive { get; set; } = "";
        public string? Line { get; set; }
    }

    private sealed class UnscheduledDto
    {
        public string Client { get; set; } = "";
        public string Reason { get; set; } = "";
        public string? Zh { get; set; }
        public string? En { get; set; }
    }

    private sealed class DisruptionDto
    {
        public List<UnavailableDto> CaregiverUnavailable { get; set; } = [];
        public List<SuspensionDto> FerrySuspended { get; set; } = [];
        public List<ClientDto> ClientsAdded { get; set; } = [];
        public List<string> ClientsCancelled { get; set; } = [];
    }

    private sealed class UnavailableDto
    {
        public string Caregiver { get; set; } = "";
        public List<DateOnly> Dates { get; set; } = [];
    }
}

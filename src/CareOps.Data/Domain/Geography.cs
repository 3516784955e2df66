namespace CareOps.Data.Domain;

/// <summary>A home-service region (服务片区). Platform reference data shared by all agencies.</summary>
public class ServiceRegion
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public List<Place> Places { get; set; } = [];
}

/// <summary>A town or island with a representative coordinate (WGS-84).</summary>
public class Place
{
    public int Id { get; set; }

    /// <summary>Stable key, e.g. "dinghai".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public PlaceLink Link { get; set; }

    /// <summary>True for towns in dense built-up areas (land travel at town speed).</summary>
    public bool IsUrban { get; set; }

    public int RegionId { get; set; }

    public ServiceRegion? Region { get; set; }
}

/// <summary>A ferry line between two places. Timetables are per direction.</summary>
public class FerryLine
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public int PlaceAId { get; set; }

    public Place? PlaceA { get; set; }

    public int PlaceBId { get; set; }

    public Place? PlaceB { get; set; }

    /// <summary>Demo timetables are illustrative, not real; the UI labels them so.</summary>
    public bool IsIllustrative { get; set; }

    public List<FerrySchedule> Schedules { get; set; } = [];

    public List<FerrySuspension> Suspensions { get; set; } = [];
}

/// <summary>One direction of a ferry line: where from, where to, crossing time, operating days and departures.</summary>
public class FerrySchedule
{
    public int Id { get; set; }

    public int FerryLineId { get; set; }

    public int FromPlaceId { get; set; }

    public Place? FromPlace { get; set; }

    public int ToPlaceId { get; set; }

    public Place? ToPlace { get; set; }

    public int CrossingMinutes { get; set; }

    public WeekDays OperatingDays { get; set; } = WeekDays.Every;

    public List<FerryDeparture> Departures { get; set; } = [];
}

public class FerryDeparture
{
    public int Id { get; set; }

    public int FerryScheduleId { get; set; }

    public TimeOnly Departs { get; set; }
}

/// <summary>A dated suspension of a whole line (typhoon, maintenance).</summary>
public class FerrySuspension
{
    public int Id { get; set; }

    public int FerryLineId { get; set; }

    public DateOnly Date { get; set; }

    public string Reason { get; set; } = "";
}

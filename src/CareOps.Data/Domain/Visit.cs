using CareOps.Data.Tenancy;

namespace CareOps.Data.Domain;

/// <summary>A home visit: what was planned and, once it happens, what actually took place.</summary>
public class Visit : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    public Guid ClientId { get; set; }

    public Client? Client { get; set; }

    public Guid CaregiverId { get; set; }

    public Caregiver? Caregiver { get; set; }

    public DateOnly Date { get; set; }

    public TimeOnly PlannedStart { get; set; }

    public int PlannedMinutes { get; set; }

    public VisitStatus Status { get; set; } = VisitStatus.Planned;

    /// <summary>Who pays for this visit: the LTC fund (default) or a top-up pillar.</summary>
    public VisitFunding Funding { get; set; } = VisitFunding.Fund;

    public DateTimeOffset? CheckInAt { get; set; }

    public double? CheckInLatitude { get; set; }

    public double? CheckInLongitude { get; set; }

    public DateTimeOffset? CheckOutAt { get; set; }

    public double? CheckOutLatitude { get; set; }

    public double? CheckOutLongitude { get; set; }

    /// <summary>Whether check-in happened at the client's home (within the agency's geofence).</summary>
    public bool? LocationVerified { get; set; }

    /// <summary>Metres from the client's home at check-in; null when the phone gave no location.</summary>
    public double? CheckInDistanceMeters { get; set; }

    /// <summary>The caregiver's reason for a check-in outside the geofence or without a location.</summary>
    public string? CheckInReason { get; set; }

    /// <summary>The phone's own clock at check-in when it was captured offline (null when the server timed it online).</summary>
    public DateTimeOffset? CheckInDeviceAt { get; set; }

    public DateTimeOffset? CheckOutDeviceAt { get; set; }

    /// <summary>The caregiver's notes on the visit.</summary>
    public string? Notes { get; set; }

    /// <summary>The rules' judgement once the visit is finished; null before check-out.</summary>
    public VisitVerdict? Verdict { get; set; }

    /// <summary>Why the visit was flagged: <see cref="FlagReason"/> names joined by commas (empty when verified).</summary>
    public string FlagCodes { get; set; } = "";

    /// <summary>The dispatcher's decision on a flagged visit; null until reviewed.</summary>
    public VisitReview? Review { get; set; }

    public string? ReviewReason { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public List<PerformedItem> ItemsPerformed { get; set; } = [];

    /// <summary>Moves on with every write of the row (a concurrency token): two writers of one state cannot both win.</summary>
    public int Version { get; set; }

    public List<VisitEvidence> Evidence { get; set; } = [];

    /// <summary>The flags of the verdict.</summary>
    public IReadOnlyList<FlagReason> FlagReasons => ParseFlags(FlagCodes);

    /// <summary>The flags stored as <see cref="FlagCodes"/>.</summary>
    public static IReadOnlyList<FlagReason> ParseFlags(string codes) => codes.Length == 0
        ? []
        : [.. codes.Split(',').Select(Enum.Parse<FlagReason>)];

    /// <summary>Billing counts the visit: verified by the rules, or flagged and accepted by a dispatcher.</summary>
    public bool Counts => Status == VisitStatus.Completed
        && (Review == VisitReview.Accepted || (Verdict == VisitVerdict.Verified && Review != VisitReview.Rejected));

    /// <summary>Where the visit stands for the caregiver and the dispatcher (the phone's <c>data-status</c>).</summary>
    public VisitPhase Phase => Status switch
    {
        VisitStatus.CheckedIn => VisitPhase.InProgress,
        VisitStatus.Completed when Review == VisitReview.Rejected => VisitPhase.Rejected,
        VisitStatus.Completed when Verdict == VisitVerdict.Verified || Review == VisitReview.Accepted => VisitPhase.Verified,
        VisitStatus.Completed => VisitPhase.Flagged,
        VisitStatus.Missed => VisitPhase.Missed,
        VisitStatus.Cancelled => VisitPhase.Cancelled,
        _ => VisitPhase.Planned,
    };
}

/// <summary>A file a caregiver attached to a visit (photo, audio). The bytes live in the evidence store, never in the database.</summary>
public class VisitEvidence : ITenantOwned
{
    /// <summary>The phone's id for the upload: a retried upload finds its first copy.</summary>
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid VisitId { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Length { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Where the evidence store keeps the bytes.</summary>
    public required string StorageKey { get; set; }

    public DateTimeOffset UploadedAt { get; set; }

    public required string UploadedBy { get; set; }
}

/// <summary>One change to a visit's record: who, when, what, why, and the record before and after.</summary>
public class VisitAuditEntry : ITenantOwned
{
    public long Id { get; set; }

    public Guid AgencyId { get; set; }

    public Guid VisitId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    /// <summary>CheckIn, CheckOut, Save, Review, Edit.</summary>
    public required string Action { get; set; }

    public string? Reason { get; set; }

    public string? BeforeJson { get; set; }

    public required string AfterJson { get; set; }
}

/// <summary>A sync operation the server has received, by the phone's key: a replay returns this instead of acting twice.</summary>
public class SyncReceipt : ITenantOwned
{
    public Guid Key { get; set; }

    public Guid AgencyId { get; set; }

    public Guid CaregiverId { get; set; }

    public Guid VisitId { get; set; }

    public required string Kind { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Null when applied; otherwise the refusal (resource key and arguments, JSON), returned again to a replay.</summary>
    public string? Refusal { get; set; }
}

public class PerformedItem
{
    public int Id { get; set; }

    public required string ItemCode { get; set; }
}

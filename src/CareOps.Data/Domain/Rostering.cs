using CareOps.Data.Tenancy;

namespace CareOps.Data.Domain;

/// <summary>Where an optimizer run is.</summary>
public enum RosterRunState
{
    /// <summary>Waiting for a job worker.</summary>
    Queued,

    /// <summary>Solving; <see cref="RosterRun.HeartbeatAt"/> moves at least every few seconds.</summary>
    Running,

    /// <summary>Finished; its roster is the week's draft.</summary>
    Completed,

    /// <summary>Stopped by a dispatcher; the best roster found so far is the week's draft.</summary>
    Cancelled,

    /// <summary>The app stopped during the run; nothing of it was saved. It can be started again.</summary>
    Interrupted,

    /// <summary>The run could not be made (<see cref="RosterRun.ProblemKey"/> says why); nothing was saved.</summary>
    Failed,
}

/// <summary>
/// One agency-week of rostering: the draft the dispatcher edits, the run in progress (at most one), and the number
/// of the published version. <see cref="Version"/> is the optimistic-concurrency token every edit must present.
/// </summary>
public class RosterWeek : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    /// <summary>The Monday the week starts on (agency time).</summary>
    public DateOnly WeekStart { get; set; }

    /// <summary>The run in progress, if any: a second run of the same week is refused while it is set.</summary>
    public Guid? ActiveRunId { get; set; }

    /// <summary>The draft roster (the roster JSON of CareOps.Scheduling), or null before the first run.</summary>
    public string? DraftJson { get; set; }

    /// <summary>The run whose roster the draft started from.</summary>
    public Guid? DraftRunId { get; set; }

    /// <summary>
    /// Fingerprint of the data the draft was planned on (plans, caregivers, absences, timetables): publishing a draft
    /// whose basis no longer matches the week is refused as stale.
    /// </summary>
    public string? DraftBasis { get; set; }

    public DateTimeOffset? DraftUpdatedAt { get; set; }

    public string? DraftUpdatedBy { get; set; }

    /// <summary>The draft's figures (computed when it is saved).</summary>
    public RosterKpis DraftKpis { get; set; } = new();

    /// <summary>
    /// Visits the dispatcher pinned (JSON list of client, caregiver, date, start): a re-optimization keeps them where
    /// they are and plans the rest around them.
    /// </summary>
    public string? PinsJson { get; set; }

    /// <summary>Number of the published version in force; 0 before the first publish.</summary>
    public int PublishedNumber { get; set; }

    /// <summary>Bumped by every change of the draft or the run; a stale copy's save is refused.</summary>
    public int Version { get; set; }
}

/// <summary>An optimizer run: its settings, who started it, its progress and its result.</summary>
public class RosterRun : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    public DateOnly WeekStart { get; set; }

    public RosterRunState State { get; set; } = RosterRunState.Queued;

    /// <summary>Display name of the dispatcher who started it.</summary>
    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Last sign of life from the worker: a run whose heartbeat stops is marked interrupted.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Wall-clock budget of the solve.</summary>
    public int TimeLimitSeconds { get; set; } = 60;

    /// <summary>
    /// Optional work budget (exact day timings, see the solver's WorkLimit): with one, the same data and seed give the
    /// same roster on any machine, unless the time limit comes first.
    /// </summary>
    public long? WorkLimit { get; set; }

    /// <summary>Seed of the solver's random choices.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Set by "cancel": the worker stops and keeps the best roster so far.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>The solver's current phase (a short code, e.g. "lns").</summary>
    public string? Phase { get; set; }

    /// <summary>Figures of the best roster so far, then of the result.</summary>
    public RosterKpis Kpis { get; set; } = new();

    /// <summary>The progress series, "seconds,scheduled,travel;…" (at most a few hundred points) for the chart.</summary>
    public string? Series { get; set; }

    /// <summary>Why a run failed: a resource key (in tools/strings.tsv).</summary>
    public string? ProblemKey { get; set; }

    public bool IsActive => State is RosterRunState.Queued or RosterRunState.Running;
}

/// <summary>A published roster of a week; versions are kept, the highest number is in force.</summary>
public class RosterVersion : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    public DateOnly WeekStart { get; set; }

    public int Number { get; set; }

    public string RosterJson { get; set; } = "";

    /// <summary>The problem (roster problem JSON) the version answers: what a later disruption is measured against.</summary>
    public string? ProblemJson { get; set; }

    /// <summary>Fingerprint of that problem: the week is disrupted once its data gives another.</summary>
    public string? Basis { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public string PublishedBy { get; set; } = "";

    public RosterKpis Kpis { get; set; } = new();

    /// <summary>Visits added, moved and cancelled against the previous version.</summary>
    public int Added { get; set; }

    public int Moved { get; set; }

    public int Removed { get; set; }
}

/// <summary>What happened to a week's roster.</summary>
public enum RosterAction
{
    RunStarted,
    RunCompleted,
    RunCancelled,
    RunInterrupted,
    RunFailed,
    VisitMoved,
    MoveOverridden,
    VisitPinned,
    VisitUnpinned,
    Published,
    Undone,
    Repaired,
}

/// <summary>An entry of a week's audit trail: who did what and when, with before and after. Never edited.</summary>
public class RosterAuditEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    public DateOnly WeekStart { get; set; }

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = "";

    public RosterAction Action { get; set; }

    /// <summary>What changed, e.g. "cg07 周三 10:00 → cg12 周四 09:00" or a run's figures.</summary>
    public string? Detail { get; set; }

    /// <summary>The reason given (an override needs one).</summary>
    public string? Reason { get; set; }

    /// <summary>The draft before a manual edit (roster JSON), so the edit can be undone; null for other entries.</summary>
    public string? BeforeJson { get; set; }

    /// <summary>The week's version the edit produced: undo applies only while the draft is still that version.</summary>
    public int? VersionAfter { get; set; }
}

/// <summary>A roster's figures, as the board shows them beside the published version's.</summary>
public class RosterKpis
{
    /// <summary>Visits the week requires.</summary>
    public int Required { get; set; }

    /// <summary>Visits scheduled.</summary>
    public int Scheduled { get; set; }

    /// <summary>Minutes on the road and on board, including the way home.</summary>
    public int TravelMinutes { get; set; }

    /// <summary>Minutes on board (part of the travel).</summary>
    public int FerryMinutes { get; set; }

    /// <summary>Mean distinct caregivers per client with visits (1 is perfect continuity).</summary>
    public double DistinctCaregiversPerClient { get; set; }

    /// <summary>Minutes above daily or weekly limits (0 when every limit holds).</summary>
    public int OvertimeMinutes { get; set; }

    /// <summary>Largest minus smallest weekly worked minutes among caregivers who work (balance).</summary>
    public int WorkloadSpreadMinutes { get; set; }

    /// <summary>Visits left out.</summary>
    public int Unscheduled => Required - Scheduled;

    /// <summary>The same figures for another row (an owned value belongs to one row).</summary>
    public RosterKpis Copy() => (RosterKpis)MemberwiseClone();
}

/// <summary>What a dispatcher is warned of.</summary>
public enum NoticeKind
{
    /// <summary>A caregiver's certificate lapses within the warning period (or has lapsed).</summary>
    CertificateExpiring,

    /// <summary>A client's assessment is due for renewal within the warning period (or overdue).</summary>
    ReassessmentDue,
}

/// <summary>
/// A warning for an agency's dispatchers, made by the daily job (one per subject, kind and day: a second run of the job
/// the same day adds nothing).
/// </summary>
public class DispatchNotice : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AgencyId { get; set; }

    /// <summary>The agency day the warning was made for.</summary>
    public DateOnly Day { get; set; }

    public NoticeKind Kind { get; set; }

    /// <summary>The caregiver or client concerned.</summary>
    public Guid SubjectId { get; set; }

    /// <summary>Her name when the warning was made.</summary>
    public string SubjectName { get; set; } = "";

    /// <summary>The date that is due (certificate end, assessment end).</summary>
    public DateOnly DueOn { get; set; }
}

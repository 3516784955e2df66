namespace CareOps.Scheduling.Roster;

/// <summary>Options of <see cref="RosterSolver"/>.</summary>
public sealed class RosterSolverOptions
{
    /// <summary>Time budget for the whole solve, measured on <see cref="TimeProvider"/>.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seed of every random choice (CP-SAT and the local search).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Threads. Regions are independent (caregivers serve their own region), so they are solved side by side, one
    /// thread each, which keeps every region's result independent of the others' timing. A problem that cannot be
    /// split (clients without a region) gives its CP-SAT these workers instead (one under a <see cref="WorkLimit"/>).
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Optional work budget: the number of exact day timings (see <see cref="RosterProgress.Work"/>) the whole solve
    /// may spend, shared between regions by their number of visits; CP-SAT then stops on its deterministic time
    /// (<see cref="CpSatSecondsPerWork"/> per unit) instead of the clock. With a work budget the result is the same on
    /// every run and machine for a seed, whatever the thread count, as long as <see cref="TimeLimit"/> is not reached first.
    /// </summary>
    public long? WorkLimit { get; init; }

    /// <summary>CP-SAT deterministic seconds granted per unit of <see cref="WorkLimit"/>.</summary>
    public double CpSatSecondsPerWork { get; init; } = 1e-5;

    /// <summary>Called with the best score after each phase and improvement pass (from the solving threads, one call at a time).</summary>
    public Action<RosterProgress>? Progress { get; init; }

    /// <summary>
    /// Source of elapsed time for <see cref="TimeLimit"/>. Required: the library reads no clock of its own, so the
    /// composition root passes the system clock and tests a fake (with a <see cref="WorkLimit"/>).
    /// </summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Travel minutes one extra caregiver for a client is worth when moving visits between caregivers.</summary>
    public int ContinuityWeightMinutes { get; init; } = 15;
}

/// <summary>Progress of a solve: best score so far.</summary>
/// <param name="Elapsed">Time since the solve started.</param>
/// <param name="Phase">What the solver is doing (and in which region).</param>
/// <param name="Scheduled">Visits planned.</param>
/// <param name="TravelMinutes">Travel minutes of the best roster.</param>
/// <param name="Work">Exact day timings spent so far (the unit of <see cref="RosterSolverOptions.WorkLimit"/>).</param>
public sealed record RosterProgress(TimeSpan Elapsed, string Phase, int Scheduled, int TravelMinutes, long Work = 0);

/// <summary>A solved roster and its score.</summary>
/// <param name="Roster">The roster.</param>
/// <param name="Score">Its score breakdown.</param>
/// <param name="Elapsed">Solve time.</param>
/// <param name="Work">Exact day timings spent (the unit of <see cref="RosterSolverOptions.WorkLimit"/>).</param>
public sealed record RosterResult(Roster Roster, RosterScore Score, TimeSpan Elapsed, long Work = 0);

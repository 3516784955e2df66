using System.Linq.Expressions;
using System.Numerics;
using CareOps.Billing;
using CareOps.Billing.Claims;
using CareOps.Billing.TopUps;
using CareOps.Data;
using CareOps.Data.Billing;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BillingMode = CareOps.Billing.Policies.CareMode;

namespace CareOps.Web.Features.Reports;

/// <summary>
/// The reports of issue 11 §3, as plain rows. An agency's admin and finance read their own agency (the tenancy filter
/// applies); the operator reads every agency side by side, the one case where these queries leave the filter out.
/// Counts and sums are made by the database where EF translates them on every provider; visit durations
/// (check-out − check-in) are summed here from a narrow projection, because the providers share no translation of
/// a <see cref="DateTimeOffset"/> difference.
/// </summary>
public sealed class ReportQuery(IDbContextFactory<CareOpsDb> dbFactory, Caller caller, TimeProvider clock)
{
    private const string FundPayer = nameof(Payer.Fund);
    private const string RejectedOutcome = "Rejected";
    private const string DeductionKind = nameof(LineKind.Deduction);
    private const string NoteKind = nameof(LineKind.Note);

    /// <summary>
    /// Billing counts the visit: <see cref="Visit.Counts"/>, written for the database (completed; verified by the rules
    /// and not rejected, or accepted on review). <c>ReportQueryTests</c> checks the two agree on every combination.
    /// </summary>
    public static readonly Expression<Func<Visit, bool>> Counts = v => v.Status == VisitStatus.Completed
        && (v.Review == VisitReview.Accepted || (v.Verdict == VisitVerdict.Verified && v.Review != VisitReview.Rejected));

    /// <summary>Report 1: fund income by month and care mode.</summary>
    public async Task<Outcome<Report<FundIncomeRow>>> FundIncomeAsync(ReportRange range, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (scope, refused) = await ScopeAsync(db, range, ct);
        if (scope is null)
        {
            return Outcome.Refused<Report<FundIncomeRow>>(refused);
        }

        // Summed per client in the database (a few thousand rows a month at most); the care mode is the client's, joined
        // here because lines name their client by the text of its id.
        var sums = await LatestLines(db, scope, range)
            .Where(l => l.Payer == FundPayer && l.Kind != NoteKind && (l.Outcome == null || l.Outcome != RejectedOutcome))
            .GroupBy(x => new { x.AgencyId, x.Month, x.ClientId })
            .Select(g => new { g.Key.AgencyId, g.Key.Month, g.Key.ClientId, Fen = g.Sum(x => x.AmountFen) })
            .ToListAsync(ct);
        var modes = await scope.Query(db.Clients).Select(c => new { c.Id, c.CareMode }).ToDictionaryAsync(c => c.Id, c => c.CareMode, ct);
        CareMode? ModeOf(string clientId) => Guid.TryParse(clientId, out var id) && modes.TryGetValue(id, out var mode) ? mode : null;

        var rows = sums
            .GroupBy(s => (s.AgencyId, s.Month, Mode: ModeOf(s.ClientId)))
            .Select(g => new FundIncomeRow(scope.Code(g.Key.AgencyId), g.Key.Month, g.Key.Mode, Money.FromFen(g.Sum(s => s.Fen))))
            .OrderBy(r => r.Agency, StringComparer.Ordinal).ThenBy(r => r.Month).ThenBy(r => r.CareMode ?? (CareMode)int.MaxValue)
            .ToList();
        return Outcome.Done(scope.Report(rows));
    }

    /// <summary>Report 2: deductions by month and reason.</summary>
    public async Task<Outcome<Report<DeductionRow>>> DeductionsAsync(ReportRange range, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (scope, refused) = await ScopeAsync(db, range, ct);
        if (scope is null)
        {
            return Outcome.Refused<Report<DeductionRow>>(refused);
        }

        var groups = await LatestLines(db, scope, range)
            .Where(l => l.Kind == DeductionKind)
            .GroupBy(x => new { x.AgencyId, x.Month, x.Reason })
            .Select(g => new { g.Key.AgencyId, g.Key.Month, g.Key.Reason, Lines = g.Count(), Fen = g.Sum(x => x.AmountFen) })
            .ToListAsync(ct);

        var rows = groups
            .Select(g => new DeductionRow(scope.Code(g.AgencyId), g.Month, g.Reason, g.Lines, -Money.FromFen(g.Fen)))
            .OrderBy(r => r.Agency, StringComparer.Ordinal).ThenBy(r => r.Month).ThenByDescending(r => r.Amount).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        return Outcome.Done(scope.Report(rows));
    }

    /// <summary>Report 3: each caregiver's verified hours and utilisation per month.</summary>
    public async Task<Outcome<Report<CaregiverHoursRow>>> CaregiverHoursAsync(ReportRange range, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (scope, refused) = await ScopeAsync(db, range, ct);
        if (scope is null)
        {
            return Outcome.Refused<Report<CaregiverHoursRow>>(refused);
        }

        var last = range.LastDay;
        var worked = new Dictionary<(Guid Caregiver, DateOnly Month), (int Visits, decimal Minutes)>();
        await foreach (var v in scope.Query(db.Visits).Where(v => v.Date >= range.From && v.Date <= last).Where(Counts)
                           .Select(v => new { v.CaregiverId, v.Date, v.CheckInAt, v.CheckOutAt }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = (v.CaregiverId, new DateOnly(v.Date.Year, v.Date.Month, 1));
            var (visits, minutes) = worked.GetValueOrDefault(key);
            worked[key] = (visits + 1, minutes + Minutes(v.CheckInAt, v.CheckOutAt));
        }

        var caregivers = await scope.Query(db.Caregivers)
            .Select(c => new AvailabilityFacts(c.Id, c.AgencyId, c.Code, c.Name, c.IsActive, c.WorkingDays, c.ShiftStart, c.ShiftEnd, c.WeeklyHourLimit,
                c.Absences.Select(a => new AbsenceSpan(a.From, a.To)).ToList()))
            .ToListAsync(ct);

        var today = AgencyClock.Today(clock);
        var rows = new List<CaregiverHoursRow>();
        foreach (var c in caregivers)
        {
            foreach (var month in range.Months())
            {
                var (visits, minutes) = worked.GetValueOrDefault((c.Id, month));
                var available = AvailableHours(c, month, today);
                if (visits > 0 || (c.IsActive && available > 0))
                {
                    rows.Add(new CaregiverHoursRow(scope.Code(c.AgencyId), month, c.Code, c.Name, visits, Math.Round(minutes / 60m, 2, MidpointRounding.AwayFromZero), available));
                }
            }
        }

        return Outcome.Done(scope.Report(
            [.. rows.OrderBy(r => r.Agency, StringComparer.Ordinal).ThenBy(r => r.Month).ThenBy(r => r.Caregiver, StringComparer.Ordinal)]));
    }

    /// <summary>Report 4: verification rate and flags by reason per month.</summary>
    public async Task<Outcome<Report<VerificationRow>>> VerificationAsync(ReportRange range, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (scope, refused) = await ScopeAsync(db, range, ct);
        if (scope is null)
        {
            return Outcome.Refused<Report<VerificationRow>>(refused);
        }

        var last = range.LastDay;
        var groups = await scope.Query(db.Visits)
            .Where(v => v.Date >= range.From && v.Date <= last && v.Status == VisitStatus.Completed && v.Verdict != null)
            .GroupBy(v => new { v.AgencyId, v.Date.Year, v.Date.Month, v.Verdict, v.Review, v.FlagCodes })
            .Select(g => new { g.Key.AgencyId, g.Key.Year, g.Key.Month, g.Key.Verdict, g.Key.Review, g.Key.FlagCodes, Visits = g.Count() })
            .ToListAsync(ct);

        var rows = groups
            .GroupBy(g => (g.AgencyId, Month: new DateOnly(g.Year, g.Month, 1)))
            .Select(m =>
            {
                var flagged = m.Where(g => g.Verdict == VisitVerdict.Flagged).ToList();
                var flags = Enum.GetValues<FlagReason>().ToDictionary(r => r, r => flagged.Where(g => Visit.ParseFlags(g.FlagCodes).Contains(r)).Sum(g => g.Visits));
                return new VerificationRow(
                    scope.Code(m.Key.AgencyId),
                    m.Key.Month,
                    m.Sum(g => g.Visits),
                    m.Where(g => g.Verdict == VisitVerdict.Verified).Sum(g => g.Visits),
                    flagged.Sum(g => g.Visits),
                    flagged.Where(g => g.Review == VisitReview.Accepted).Sum(g => g.Visits),
                    m.Where(g => g.Review == VisitReview.Rejected).Sum(g => g.Visits),
                    flagged.Where(g => g.Review == null).Sum(g => g.Visits),
                    flags);
            })
            .OrderBy(r => r.Agency, StringComparer.Ordinal).ThenBy(r => r.Month)
            .ToList();
        return Outcome.Done(scope.Report(rows));
    }

    /// <summary>Report 5: 舟惠保 service hours owed and delivered per month.</summary>
    public async Task<Outcome<Report<ZhuhuibaoRow>>> ZhuhuibaoHoursAsync(ReportRange range, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (scope, refused) = await ScopeAsync(db, range, ct);
        if (scope is null)
        {
            return Outcome.Refused<Report<ZhuhuibaoRow>>(refused);
        }

        var last = range.LastDay;
        var clients = await scope.Query(db.Clients)
            .Where(c => c.Coverages.Any(x => x.Kind == CoverageKind.Zhuhuibao && x.From <= last && (x.To == null || x.To >= range.From)))
            .Include(c => c.StatusPeriods).Include(c => c.Coverages).AsSplitQuery()
            .ToListAsync(ct);
        var delivered = new Dictionary<(Guid Client, DateOnly Month), decimal>();
        await foreach (var v in scope.Query(db.Visits).Where(v => v.Date >= range.From && v.Date <= last && v.Funding == VisitFunding.Zhuhuibao).Where(Counts)
                           .Select(v => new { v.ClientId, v.Date, v.CheckInAt, v.CheckOutAt }).AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = (v.ClientId, new DateOnly(v.Date.Year, v.Date.Month, 1));
            delivered[key] = delivered.GetValueOrDefault(key) + Minutes(v.CheckInAt, v.CheckOutAt);
        }

        var cities = await db.Agencies.Select(a => new { a.Id, a.CityPolicy }).ToDictionaryAsync(a => a.Id, a => a.CityPolicy, ct);
        var book = await PolicyStore.LoadAsync(db, ct);
        var perClient = new List<(Guid Agency, DateOnly Month, decimal Owed, decimal Delivered)>();
        foreach (var client in clients)
        {
            foreach (var month in range.Months())
            {
                var rules = book.Resolve(cities.GetValueOrDefault(client.AgencyId, ""), month)?.TopUps;
                var owed = rules?.Zhuhuibao is { } z ? OwedHours(new TopUpCalculator(rules), z, client, month) : 0m;
                var hours = Math.Round(delivered.GetValueOrDefault((client.Id, month)) / 60m, 2, MidpointRounding.AwayFromZero);
                if (owed > 0 || hours > 0)
                {
                    perClient.Add((client.AgencyId, month, owed, hours));
                }
            }
        }

        var rows = perClient
            .GroupBy(p => (p.Agency, p.Month))
            .Select(g => new ZhuhuibaoRow(scope.Code(g.Key.Agency), g.Key.Month, g.Count(), g.Sum(p => p.Owed), g.Sum(p => p.Delivered), g.Count(p => p.Delivered < p.Owed)))
            .OrderBy(r => r.Agency, StringComparer.Ordinal).ThenBy(r => r.Month)
            .ToList();
        return Outcome.Done(scope.Report(rows));
    }

    /// <summary>
    /// A caregiver's available hours in a month, up to the agency's today: each day of the month she works
    /// (<see cref="Caregiver.WorkingDays"/>) and is not absent counts her shift, at most her weekly hour limit spread
    /// over her working days (shift 8:00–17:00, 40 h over 5 days: 8 h a day). Two places.
    /// </summary>
    internal static decimal AvailableHours(AvailabilityFacts c, DateOnly month, DateOnly today)
    {
        var daysAWeek = BitOperations.PopCount((uint)(c.WorkingDays & WeekDays.Every));
        if (daysAWeek == 0)
        {
            return 0m;
        }

        var shift = (decimal)(c.ShiftEnd - c.ShiftStart).TotalHours;
        var perDay = Math.Min(shift, (decimal)c.WeeklyHourLimit / daysAWeek);
        var last = month.AddMonths(1).AddDays(-1);
        var days = 0;
        for (var d = month; d <= last && d <= today; d = d.AddDays(1))
        {
            if (c.WorkingDays.Includes(d.DayOfWeek) && !c.Absences.Any(a => a.From <= d && d <= a.To))
            {
                days++;
            }
        }

        return Math.Round(days * Math.Max(perDay, 0m), 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The 舟惠保 hours owed the client in the month, as the top-up rules bill them (coverage days, active days,
    /// care mode). Two places; 0 when the engine cannot read the client's month (month close lists those).
    /// </summary>
    /// <remarks>
    /// Note: the calculator bills min(delivered, owed) hours; asked with more hours delivered than a month holds, it
    /// bills exactly the hours owed (the benefit, in fen), so the rule stays in Billing and is not restated here.
    /// </remarks>
    private static decimal OwedHours(TopUpCalculator calculator, ZhuhuibaoRules rules, Client client, DateOnly month)
    {
        try
        {
            var invoices = calculator.Calculate(new TopUpCase
            {
                Month = month,
                Client = Info(client),
                Coverages = [.. client.Coverages.Where(c => c.Kind == CoverageKind.Zhuhuibao).Select(c => new CoverageSpan { Type = CoverageType.Zhuhuibao, From = c.From, To = c.To })],
                ZhuhuibaoHoursDelivered = 24 * 31,
            });
            var billed = invoices.Where(i => i.Payer == TopUpPayer.ZhuhuibaoInsurer).SelectMany(i => i.Lines).Where(l => l.Reason == "ZhuhuibaoService").Sum(l => l.Amount);
            return Math.Round(billed / rules.ServiceHourValue, 2, MidpointRounding.AwayFromZero);
        }
        catch (ClaimException)
        {
            return 0m;
        }
    }

    /// <summary>The client as the billing engine reads her (as <c>Billing/ClaimCases</c> maps her for month close).</summary>
    private static ClientInfo Info(Client c) => new()
    {
        Id = c.Id.ToString(),
        Name = c.Name,
        CareMode = c.CareMode switch { CareMode.FamilyCare => BillingMode.FamilyCare, CareMode.Institutional => BillingMode.Institutional, _ => BillingMode.Home },
        Grade = c.Assessment.Grade,
        EligibleFrom = c.Assessment.OnsetDate.AddMonths(6) > c.Assessment.AssessedOn ? c.Assessment.OnsetDate.AddMonths(6) : c.Assessment.AssessedOn,
        EligibleUntil = c.Assessment.ValidUntil,
        Status = [.. c.StatusPeriods.OrderBy(p => p.From).Select(p => new StatusSpan { State = Enum.Parse<ClientState>(p.Status.ToString()), From = p.From, To = p.To })],
    };

    private static decimal Minutes(DateTimeOffset? checkIn, DateTimeOffset? checkOut) =>
        checkIn is { } a && checkOut is { } b && b > a ? (decimal)(b - a).TotalMinutes : 0m;

    /// <summary>
    /// The claim lines in force for each agency-month: a client's lines come from the newest version of the month's
    /// batch that has lines for her. A full correction replaces every client's lines; a correction of what the fund
    /// rejected carries those clients only (month close, issue 11), and the others stay as the fund accepted them.
    /// </summary>
    private static IQueryable<LineFact> LatestLines(CareOpsDb db, ReportScope scope, ReportRange range)
    {
        var batches = scope.Query(db.ClaimBatches);
        return batches
            .Where(b => b.Month >= range.From && b.Month <= range.To)
            .SelectMany(b => b.Lines, (b, l) => new LineFact
            {
                AgencyId = b.AgencyId,
                Month = b.Month,
                Version = b.Version,
                ClientId = l.ClientId,
                Kind = l.Kind,
                Payer = l.Payer,
                Outcome = l.Outcome,
                Reason = l.Reason,
                AmountFen = l.AmountFen,
            })
            .Where(x => !batches.Any(o => o.AgencyId == x.AgencyId && o.Month == x.Month && o.Version > x.Version && o.Lines.Any(n => n.ClientId == x.ClientId)));
    }

    /// <summary>A claim line with its batch's agency, month and version (a type EF composes on, unlike a record's constructor).</summary>
    private sealed class LineFact
    {
        public Guid AgencyId { get; init; }

        public DateOnly Month { get; init; }

        public int Version { get; init; }

        public string ClientId { get; init; } = "";

        public string Kind { get; init; } = "";

        public string Payer { get; init; } = "";

        public string? Outcome { get; init; }

        public string Reason { get; init; } = "";

        public long AmountFen { get; init; }
    }

    /// <summary>Who asks decides what is read: the operator every agency, an agency's admin or finance their own; anyone else nothing.</summary>
    private async Task<(ReportScope? Scope, Problems Refused)> ScopeAsync(CareOpsDb db, ReportRange range, CancellationToken ct)
    {
        var all = (await caller.RequireAsync(Policies.Operator)).IsEmpty;
        if (!all)
        {
            var refused = await caller.RequireAsync(Policies.Billing, db.CurrentAgencyId);
            if (!refused.IsEmpty)
            {
                return (null, refused);
            }
        }

        var problems = range.Check();
        if (!problems.IsEmpty)
        {
            return (null, problems);
        }

        var agencyId = db.CurrentAgencyId;
        var codes = await db.Agencies.Where(a => all || a.Id == agencyId).OrderBy(a => a.Code)
            .Select(a => new { a.Id, a.Code }).ToDictionaryAsync(a => a.Id, a => a.Code, ct);
        return (new ReportScope(all, codes), []);
    }

    /// <summary>The agencies a report reads.</summary>
    private sealed class ReportScope(bool allAgencies, Dictionary<Guid, string> codes)
    {
        /// <summary>
        /// The operator's queries leave the tenancy filter out (ADR 0002): she reads every agency by design. An agency's
        /// staff keep it, so their reports can only ever hold their own agency's rows.
        /// </summary>
        public IQueryable<T> Query<T>(DbSet<T> set)
            where T : class =>
            allAgencies ? set.IgnoreQueryFilters([CareOpsDb.TenantFilter]).AsNoTracking() : set.AsNoTracking();

        public string Code(Guid agencyId) => codes.GetValueOrDefault(agencyId, "?");

        public Report<T> Report<T>(IReadOnlyList<T> rows) => new(rows, [.. codes.Values.Order(StringComparer.Ordinal)], allAgencies);
    }
}

/// <summary>What a caregiver's availability is made of (<see cref="ReportQuery.AvailableHours"/>).</summary>
internal sealed record AvailabilityFacts(Guid Id, Guid AgencyId, string Code, string Name, bool IsActive, WeekDays WorkingDays, TimeOnly ShiftStart, TimeOnly ShiftEnd, int WeeklyHourLimit, IReadOnlyList<AbsenceSpan> Absences);

internal sealed record AbsenceSpan(DateOnly From, DateOnly To);

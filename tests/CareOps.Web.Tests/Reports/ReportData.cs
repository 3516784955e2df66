using System.Security.Claims;
using CareOps.Billing.Batches;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Seeding;
using CareOps.Data.Tenancy;
using CareOps.Web.Features.Reports;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CareOps.Web.Tests.Reports;

/// <summary>
/// A fresh, migrated database on a real provider (a temporary SQLite file, or a new database on the PostgreSQL server
/// of CAREOPS_TEST_POSTGRES) holding a small hand-made data set whose report figures are worked out by hand in
/// <see cref="ReportQueryTests"/>: agency TA with three clients, three caregivers, ten visits and four claim batch
/// versions in January–February 2027, and agency TB with one of each.
/// </summary>
public sealed class ReportData : IAsyncDisposable
{
    public const string PostgresVariable = "CAREOPS_TEST_POSTGRES";

    /// <summary>
    /// 17:30 UTC on Tuesday 9 February 2027 is already Wednesday 10 February in China: availability counts up to the
    /// agency's today (10 February), never the UTC date.
    /// </summary>
    public static readonly DateTimeOffset Now = new(2027, 2, 9, 17, 30, 0, TimeSpan.Zero);

    public static readonly DateOnly Jan = new(2027, 1, 1);
    public static readonly DateOnly Feb = new(2027, 2, 1);

    private static readonly IAuthorizationService Authorization = new ServiceCollection()
        .AddLogging().AddAuthorization(Policies.Add).BuildServiceProvider().GetRequiredService<IAuthorizationService>();

    private readonly DbContextOptions<CareOpsDb> options;
    private readonly Func<ValueTask> cleanup;

    private ReportData(DatabaseProvider provider, DbContextOptions<CareOpsDb> options, Func<ValueTask> cleanup)
    {
        Provider = provider;
        this.options = options;
        this.cleanup = cleanup;
    }

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    public DatabaseProvider Provider { get; }

    public FakeTimeProvider Clock { get; } = new(Now);

    public Guid A { get; private set; }

    public Guid B { get; private set; }

    public CareOpsDb Context(Guid? agencyId) => new(options, new FixedTenant(agencyId));

    /// <summary>The query as a user with this role (and agency) reads it: contexts for that user's agency, the app's own policies.</summary>
    public ReportQuery QueryAs(string? role, Guid? agency = null)
    {
        var claims = new List<Claim>();
        if (role is not null)
        {
            claims.Add(new Claim(ClaimTypes.Name, $"{role.ToLowerInvariant()}@test"));
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        if (agency is Guid id)
        {
            claims.Add(new Claim(TenantClaims.AgencyId, id.ToString()));
        }

        var user = new ClaimsPrincipal(role is null ? new ClaimsIdentity() : new ClaimsIdentity(claims, "test"));
        return new ReportQuery(new Factory(this, agency), Caller.Of(user, Authorization), Clock);
    }

    public static async Task<ReportData> CreateAsync(DatabaseProvider provider)
    {
        var data = provider == DatabaseProvider.Postgres ? await PostgresAsync() : Sqlite();
        await using (var db = data.Context(null))
        {
            await db.Database.MigrateAsync();
        }

        await ReferenceDataSeeder.SeedAsync(data.options, CancellationToken.None);
        await data.SeedAsync();
        return data;
    }

    private static ReportData Sqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"careops-reports-{Guid.NewGuid():N}.db");
        var builder = new DbContextOptionsBuilder<CareOpsDb>();
        Database.Configure(builder, DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False");
        return new ReportData(DatabaseProvider.Sqlite, builder.Options, () =>
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
            return ValueTask.CompletedTask;
        });
    }

    private static async Task<ReportData> PostgresAsync()
    {
        // Fail, never skip: ./test.sh starts a throwaway server.
        var server = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s
            : throw new InvalidOperationException($"{PostgresVariable} is not set. Run the tests through ./test.sh, which starts a throwaway PostgreSQL server.");
        var name = $"careops_reports_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new DbContextOptionsBuilder<CareOpsDb>();
        Database.Configure(builder, DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        return new ReportData(DatabaseProvider.Postgres, builder.Options, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    private async Task SeedAsync()
    {
        Place placeA, placeB;
        await using (var db = Context(null))
        {
            var regionA = new ServiceRegion { Code = "TA", Name = "测试甲" };
            var regionB = new ServiceRegion { Code = "TB", Name = "测试乙" };
            var pa = new Place { Code = "ta-town", Name = "甲镇", Latitude = 30.0, Longitude = 122.1, Region = regionA };
            var pb = new Place { Code = "tb-isle", Name = "乙岛", Latitude = 29.8, Longitude = 122.3, Link = PlaceLink.Ferry, Region = regionB };
            var a = new Agency { Code = "TA", Name = "甲机构" };
            var b = new Agency { Code = "TB", Name = "乙机构" };
            db.AddRange(pa, pb, a, b);
            await db.SaveChangesAsync();
            (A, B, placeA, placeB) = (a.Id, b.Id, pa, pb);
        }

        await using (var db = Context(A))
        {
            var a1 = Client(placeA, "甲一", "33090219500101001", CareMode.Home, new DateOnly(2026, 1, 1));
            var a2 = Client(placeA, "甲二", "33090219500101002", CareMode.FamilyCare, new DateOnly(2027, 1, 17));
            var a3 = Client(placeA, "甲三", "33090219500101003", CareMode.Institutional, null);
            var cg1 = new Caregiver { Code = "cg01", Name = "护一", HomePlaceId = placeA.Id, Absences = [new CaregiverAbsence { Kind = AbsenceKind.Holiday, From = new DateOnly(2027, 1, 11), To = new DateOnly(2027, 1, 15) }] };
            var cg2 = new Caregiver { Code = "cg02", Name = "护二", HomePlaceId = placeA.Id, WorkingDays = WeekDays.Monday | WeekDays.Wednesday | WeekDays.Friday, ShiftStart = new TimeOnly(9, 0), ShiftEnd = new TimeOnly(13, 0) };
            var cg3 = new Caregiver { Code = "cg03", Name = "护三", HomePlaceId = placeA.Id, IsActive = false };
            db.AddRange(a1, a2, a3, cg1, cg2, cg3);
            db.Visits.AddRange(
                Done(a1, cg1, new DateOnly(2027, 1, 5), 60, VisitVerdict.Verified),
                Done(a1, cg1, new DateOnly(2027, 1, 6), 90, VisitVerdict.Flagged, "OffSchedule", VisitReview.Accepted),
                Done(a2, cg1, new DateOnly(2027, 1, 7), 30, VisitVerdict.Flagged, "TooShort,NoItems", VisitReview.Rejected),
                Done(a2, cg2, new DateOnly(2027, 1, 8), 45, VisitVerdict.Flagged, "OutsideGeofence"),
                Done(a1, cg2, new DateOnly(2027, 1, 20), 75, VisitVerdict.Verified, funding: VisitFunding.Zhuhuibao),
                new Visit { ClientId = a3.Id, CaregiverId = cg2.Id, Date = new DateOnly(2027, 1, 21), PlannedStart = new TimeOnly(9, 0), PlannedMinutes = 60 },
                Done(a1, cg1, new DateOnly(2027, 2, 2), 60, VisitVerdict.Verified),
                Done(a2, cg1, new DateOnly(2027, 2, 3), 30, VisitVerdict.Verified, funding: VisitFunding.Zhuhuibao),
                new Visit { ClientId = a1.Id, CaregiverId = cg2.Id, Date = new DateOnly(2027, 2, 4), PlannedStart = new TimeOnly(9, 0), PlannedMinutes = 60, Status = VisitStatus.Cancelled },
                // December, outside the range read by the tests.
                Done(a1, cg1, new DateOnly(2026, 12, 30), 60, VisitVerdict.Verified));

            // January: a submitted v1 and its full correction v2 (a draft); February: v1 with the fund's answer, and v2
            // correcting the one rejected client only.
            db.ClaimBatches.AddRange(
                Batch(Jan, 1, BatchState.Submitted,
                    Line(a1, "Benefit", 1280.00m, "Package"), Line(a1, "Deduction", -320.00m, "WeekBelowStandard"),
                    Line(a2, "Benefit", 780.00m, "Package"), Line(a2, "Benefit", 500.00m, "Package", payee: "FamilyCaregiver"), Line(a3, "Benefit", 1400.00m, "Package")),
                Batch(Jan, 2, BatchState.Draft,
                    Line(a1, "Benefit", 1280.00m, "Package"), Line(a1, "Deduction", -320.00m, "WeekBelowStandard"), Line(a1, "Deduction", -100.00m, "UncertifiedVisit"),
                    Line(a2, "Benefit", 780.00m, "Package"), Line(a2, "Benefit", 500.00m, "Package", payee: "FamilyCaregiver"), Line(a3, "Benefit", 1400.00m, "Package")),
                Batch(Feb, 1, BatchState.PartiallyRejected,
                    Line(a1, "Benefit", 1280.00m, "Package", outcome: "Accepted"), Line(a1, "CoPayment", 50.00m, "CoPayment", payer: "Client", outcome: "Accepted"),
                    Line(a2, "Note", 0m, "VisitNotCounted.TooShort", outcome: "Accepted"), Line(a3, "Benefit", 1400.00m, "Package", outcome: "Rejected")),
                Batch(Feb, 2, BatchState.Draft,
                    Line(a3, "Benefit", 1400.00m, "Package"), Line(a3, "Deduction", -50.00m, "UncertifiedVisit")));
            await db.SaveChangesAsync();
        }

        await using (var db = Context(B))
        {
            var b1 = Client(placeB, "乙一", "33090219500101004", CareMode.Home, new DateOnly(2026, 1, 1));
            var cb1 = new Caregiver { Code = "cg01", Name = "乙护一", HomePlaceId = placeB.Id };
            db.AddRange(b1, cb1);
            db.Visits.Add(Done(b1, cb1, new DateOnly(2027, 1, 5), 120, VisitVerdict.Verified));
            db.ClaimBatches.Add(Batch(Jan, 1, BatchState.Submitted, Line(b1, "Benefit", 1280.00m, "Package")));
            await db.SaveChangesAsync();
        }
    }

    private static Client Client(Place place, string name, string first17, CareMode mode, DateOnly? zhuhuibaoFrom)
    {
        var residentId = first17 + ResidentId.CheckCharacter(first17);
        return new Client
        {
            Name = name,
            ResidentId = residentId,
            ResidentIdLast4 = residentId[^4..],
            PlaceId = place.Id,
            RegionId = place.RegionId,
            CareMode = mode,
            Assessment = new Assessment { Grade = 2, AssessedOn = new DateOnly(2026, 1, 5), ValidUntil = new DateOnly(2028, 1, 4), OnsetDate = new DateOnly(2025, 3, 1) },
            StatusPeriods = [new StatusPeriod { Status = ClientStatus.Active, From = new DateOnly(2026, 1, 5) }],
            Coverages = zhuhuibaoFrom is { } from ? [new Coverage { Kind = CoverageKind.Zhuhuibao, From = from }] : [],
        };
    }

    /// <summary>A finished visit that started at 09:00 China time (01:00 UTC) and lasted the minutes given.</summary>
    private static Visit Done(Client client, Caregiver caregiver, DateOnly date, int minutes, VisitVerdict verdict, string flags = "", VisitReview? review = null, VisitFunding funding = VisitFunding.Fund)
    {
        var checkIn = new DateTimeOffset(date.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
        return new Visit
        {
            ClientId = client.Id,
            CaregiverId = caregiver.Id,
            Date = date,
            PlannedStart = new TimeOnly(9, 0),
            PlannedMinutes = 60,
            Status = VisitStatus.Completed,
            Funding = funding,
            CheckInAt = checkIn,
            CheckOutAt = checkIn.AddMinutes(minutes),
            LocationVerified = true,
            Verdict = verdict,
            FlagCodes = flags,
            Review = review,
        };
    }

    private static ClaimBatchRecord Batch(DateOnly month, int version, BatchState state, params ClaimBatchLineRecord[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i].LineNo = i + 1;
        }

        return new ClaimBatchRecord
        {
            Id = Guid.NewGuid(),
            Month = month,
            Version = version,
            State = state,
            CreatedAt = Now,
            LineCount = lines.Length,
            Lines = [.. lines],
        };
    }

    private static ClaimBatchLineRecord Line(Client client, string kind, decimal amount, string reason, string payer = "Fund", string payee = "Agency", string? outcome = null) => new()
    {
        ClientId = client.Id.ToString(),
        ClientName = client.Name,
        Kind = kind,
        Payer = payer,
        Payee = payee,
        AmountFen = (long)(amount * 100),
        Reason = reason,
        Outcome = outcome,
    };

    public ValueTask DisposeAsync() => cleanup();

    private sealed class Factory(ReportData data, Guid? agency) : IDbContextFactory<CareOpsDb>
    {
        public CareOpsDb CreateDbContext() => data.Context(agency);
    }
}

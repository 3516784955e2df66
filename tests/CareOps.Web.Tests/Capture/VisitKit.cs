using System.Security.Claims;
using CareOps.Data.Domain;
using CareOps.Web.Features.Visits;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CareOps.Web.Tests.Capture;

[CollectionDefinition(Name)]
public sealed class VisitCollection : ICollectionFixture<CareOpsApp>
{
    public const string Name = "visits";
}

/// <summary>A planned visit made for a test: its ids and the client's home.</summary>
public sealed record PlannedVisit(Guid Id, Guid AgencyId, Guid CaregiverId, Guid ClientId, double HomeLatitude, double HomeLongitude);

/// <summary>The phone's use cases as the app builds them, for one caregiver; and visits to capture.</summary>
public static class VisitKit
{
    /// <summary>A caregiver user of the agency (role and caregiver claim), as her sign-in cookie carries them.</summary>
    public static Caller CaregiverUser(this CareOpsApp app, Guid agency, Guid caregiver)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, $"cg-{caregiver:N}@test"),
            new(ClaimTypes.Role, Roles.Caregiver),
            new(TenantClaims.AgencyId, agency.ToString()),
            new(TenantClaims.CaregiverId, caregiver.ToString()),
        };
        return Caller.Of(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")), app.Services.GetRequiredService<IAuthorizationService>());
    }

    public static CaptureVisit Capture(this CareOpsApp app, PlannedVisit visit, Caller? caller = null) =>
        new(app.FactoryFor(visit.AgencyId), caller ?? app.CaregiverUser(visit.AgencyId, visit.CaregiverId), app.Clock, NullLogger<CaptureVisit>.Instance);

    public static ReviewVisit Reviewer(this CareOpsApp app, Guid agency, Caller caller) =>
        new(app.FactoryFor(agency), caller, app.Clock, NullLogger<ReviewVisit>.Instance);

    public static CorrectVisitTimes Corrector(this CareOpsApp app, Guid agency, Caller caller) =>
        new(app.FactoryFor(agency), caller, app.Clock, NullLogger<CorrectVisitTimes>.Instance);

    /// <summary>
    /// A new planned visit today at <paramref name="start"/> (agency time; default: the app clock's minute, so a check-in now is on time) by the agency's <paramref name="caregiverCode"/>,
    /// to the <paramref name="nth"/> client that has a care plan: each test makes its own, so tests never share a visit.
    /// </summary>
    public static async Task<PlannedVisit> PlanVisitAsync(this CareOpsApp app, string agencyCode, string caregiverCode = "cg01", int nth = 0, TimeOnly? start = null, DateOnly? date = null)
    {
        var agency = await app.AgencyIdAsync(agencyCode);
        await using var db = app.Database(agency);
        var caregiver = await db.Caregivers.SingleAsync(c => c.Code == caregiverCode);
        var client = await db.CarePlans.OrderBy(p => p.ClientId).Select(p => p.Client!).Skip(nth).FirstAsync();
        var visit = new Visit
        {
            AgencyId = agency,
            ClientId = client.Id,
            CaregiverId = caregiver.Id,
            Date = date ?? CareOpsApp.Today,
            PlannedStart = start ?? TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), AgencyClock.Zone).DateTime),
            PlannedMinutes = 60,
        };
        db.Visits.Add(visit);
        await db.SaveChangesAsync();
        return new PlannedVisit(visit.Id, agency, caregiver.Id, client.Id, client.Latitude, client.Longitude);
    }

    public static async Task<Visit> LoadAsync(this CareOpsApp app, PlannedVisit visit)
    {
        await using var db = app.Database(visit.AgencyId);
        return await db.Visits.AsNoTracking().Include(v => v.Evidence).SingleAsync(v => v.Id == visit.Id);
    }

    /// <summary>A plan item code of the visit's client (the catalogue item a caregiver would tick).</summary>
    public static async Task<string> PlanItemAsync(this CareOpsApp app, PlannedVisit visit)
    {
        await using var db = app.Database(visit.AgencyId);
        return await db.CarePlans.Where(p => p.ClientId == visit.ClientId).SelectMany(p => p.Items).Select(i => i.ItemCode).FirstAsync();
    }

    /// <summary>One operation sent at once (online).</summary>
    public static SyncBatch Now(this CareOpsApp app, CaptureOp op) => new() { SentAt = app.Clock.GetUtcNow(), Ops = [op with { CapturedAt = op.CapturedAt == default ? app.Clock.GetUtcNow() : op.CapturedAt }] };

    public static CaptureOp CheckIn(this PlannedVisit visit, double? lat, double? lon, string? reason = null) =>
        new() { Id = Guid.NewGuid(), VisitId = visit.Id, Kind = CaptureOp.CheckIn, Latitude = lat, Longitude = lon, Accuracy = lat is null ? null : 12, Reason = reason };

    public static CaptureOp AtHome(this PlannedVisit visit) => visit.CheckIn(visit.HomeLatitude, visit.HomeLongitude);

    public static CaptureOp CheckOut(this PlannedVisit visit, params string[] items) =>
        new() { Id = Guid.NewGuid(), VisitId = visit.Id, Kind = CaptureOp.CheckOut, Items = items, Notes = "一切正常", Latitude = visit.HomeLatitude, Longitude = visit.HomeLongitude };

    /// <summary>A point about <paramref name="metres"/> north of the home.</summary>
    public static (double Lat, double Lon) North(this PlannedVisit visit, double metres) => (visit.HomeLatitude + (metres / 111_195.0), visit.HomeLongitude);

    public static async Task<CaptureOutcome> SendAsync(this CareOpsApp app, PlannedVisit visit, CaptureOp op, Caller? caller = null)
    {
        var outcome = await app.Capture(visit, caller).SyncAsync(app.Now(op));
        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Problems.Select(p => p.Key)));
        return Assert.Single(outcome.Value!);
    }
}

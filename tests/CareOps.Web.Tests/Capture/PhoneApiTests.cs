using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CareOps.Data.Domain;
using CareOps.Web.Features.Visits;
using CareOps.Web.Resources;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CareOps.Web.Tests.Capture;

/// <summary>The phone's API and pages over real HTTP with sign-in cookies: who may do what, and what the answers say.</summary>
[Collection(VisitCollection.Name)]
public sealed class PhoneApiTests(CareOpsApp app)
{
    private const string Cg01 = "r1.cg01@demo.careops.cn";

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];

    private static HttpRequestMessage Sync(object body, bool header = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/my/sync") { Content = JsonContent.Create(body) };
        if (header)
        {
            request.Headers.Add(VisitEndpoints.SyncHeader, "1");
        }

        return request;
    }

    /// <summary>A UI string as the app says it in Chinese.</summary>
    private string Chinese(string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try
        {
            return app.Services.GetRequiredService<IStringLocalizer<SharedResource>>()[key].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private object Batch(params CaptureOp[] ops) => new { sentAt = app.Clock.GetUtcNow(), ops };

    [Fact]
    public async Task Sync_OwnVisit_AppliedThenDuplicate_OneCheckIn()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 20);
        var phone = await app.SignedInAsync(Cg01);
        var op = visit.AtHome() with { CapturedAt = app.Clock.GetUtcNow() };

        var first = await phone.SendAsync(Sync(Batch(op)));
        var again = await phone.SendAsync(Sync(Batch(op)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var a = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        var b = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("applied", a.GetProperty("state").GetString());
        Assert.Equal("InProgress", a.GetProperty("visit").GetProperty("status").GetString());
        Assert.Equal("duplicate", b.GetProperty("state").GetString());
        await using var db = app.Database(visit.AgencyId);
        Assert.Equal(1, await db.VisitAudit.CountAsync(x => x.VisitId == visit.Id && x.Action == "CheckIn"));
    }

    [Fact]
    public async Task Sync_RefusalComesAsAChineseSentence()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 21);
        var phone = await app.SignedInAsync(Cg01);
        var (lat, lon) = visit.North(1000);

        var response = await phone.SendAsync(Sync(Batch(visit.CheckIn(lat, lon) with { CapturedAt = app.Clock.GetUtcNow() })));

        var result = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("refused", result.GetProperty("state").GetString());
        Assert.Contains("超出了 200 米的范围", result.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_WithoutHeader_Refused()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 22);
        var phone = await app.SignedInAsync(Cg01);

        var response = await phone.SendAsync(Sync(Batch(visit.AtHome()), header: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(VisitStatus.Planned, (await app.LoadAsync(visit)).Status);
    }

    [Fact]
    public async Task Sync_OtherCaregiversVisit_RefusedNotYours()
    {
        var visit = await app.PlanVisitAsync("R1", caregiverCode: "cg02", nth: 23);
        var phone = await app.SignedInAsync(Cg01);

        var response = await phone.SendAsync(Sync(Batch(visit.AtHome() with { CapturedAt = app.Clock.GetUtcNow() })));

        var result = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        Assert.Equal("refused", result.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("visit").ValueKind);
        Assert.Equal(VisitStatus.Planned, (await app.LoadAsync(visit)).Status);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("r1.dispatcher@demo.careops.cn", HttpStatusCode.Forbidden)]
    [InlineData("r1.finance@demo.careops.cn", HttpStatusCode.Forbidden)]
    [InlineData("operator@demo.careops.cn", HttpStatusCode.Forbidden)]
    public async Task Api_NotACaregiver_StatusWithSentence_NeverARedirect(string? email, HttpStatusCode expected)
    {
        var visit = await app.PlanVisitAsync("R1", nth: 24);
        var browser = email is null ? app.Browser() : await app.SignedInAsync(email);

        var sync = await browser.SendAsync(Sync(Batch(visit.AtHome())));
        var state = await browser.GetAsync($"/api/my/visits/{visit.Id}");

        Assert.Equal(expected, sync.StatusCode);
        Assert.Equal(expected, state.StatusCode);
        Assert.False(string.IsNullOrEmpty((await sync.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()));
        Assert.Equal(VisitStatus.Planned, (await app.LoadAsync(visit)).Status);
    }

    [Fact]
    public async Task TestingClock_NotMappedUnlessAsked()
    {
        // The journeys' clock control exists only with Testing:ClockControl (and only in Development).
        var response = await app.Browser().PostAsync("/testing/clock/advance?minutes=60", null);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task VisitState_OwnOnly()
    {
        var mine = await app.PlanVisitAsync("R1", nth: 25);
        var theirs = await app.PlanVisitAsync("R1", caregiverCode: "cg02", nth: 25);
        var phone = await app.SignedInAsync(Cg01);

        var own = await phone.GetFromJsonAsync<JsonElement>($"/api/my/visits/{mine.Id}");
        var other = await phone.GetAsync($"/api/my/visits/{theirs.Id}");

        Assert.Equal("Planned", own.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task VisitPage_OwnShowsTheContract_OthersSaysNotYours()
    {
        var mine = await app.PlanVisitAsync("R1", nth: 26);
        var theirs = await app.PlanVisitAsync("R1", caregiverCode: "cg02", nth: 26);
        var phone = await app.SignedInAsync(Cg01);

        var page = await phone.GetStringAsync($"/my/visits/{mine.Id}");
        var other = await phone.GetStringAsync($"/my/visits/{theirs.Id}");

        foreach (var id in new[] { "visit-checkin", "visit-checkout", "visit-reason", "visit-item", "visit-save", "visit-status" })
        {
            Assert.Contains($"data-testid=\"{id}\"", page, StringComparison.Ordinal);
        }

        Assert.Contains("data-status=\"Planned\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-code=\"{await app.PlanItemAsync(mine)}\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"visit-missing\"", other, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"visit-checkin\"", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VisitPage_Dispatcher_Denied()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 27);
        var dispatcher = await app.SignedInAsync("r1.dispatcher@demo.careops.cn");

        var response = await dispatcher.GetAsync($"/my/visits/{visit.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Upload(Guid key, byte[] bytes, string type, string name = "photo.jpg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return new MultipartFormDataContent { { new StringContent(key.ToString()), "key" }, { file, "file", name } };
    }

    private static HttpRequestMessage Evidence(Guid visit, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/my/visits/{visit}/evidence") { Content = content };
        request.Headers.Add(VisitEndpoints.SyncHeader, "1");
        return request;
    }

    [Fact]
    public async Task Evidence_PhotoStoredOnceWithHash_RetryReturnsTheFirst_ReviewerCanOpen_OtherCaregiverCannot()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 28);
        var phone = await app.SignedInAsync(Cg01);
        await phone.SendAsync(Sync(Batch(visit.AtHome() with { CapturedAt = app.Clock.GetUtcNow() })));
        var key = Guid.NewGuid();

        var first = await phone.SendAsync(Evidence(visit.Id, Upload(key, Jpeg, "image/jpeg")));
        var retry = await phone.SendAsync(Evidence(visit.Id, Upload(key, Jpeg, "image/jpeg")));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var stored = Assert.Single((await app.LoadAsync(visit)).Evidence);
        Assert.Equal(key, stored.Id);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Jpeg)), stored.Sha256);
        Assert.Single(Directory.GetFiles(app.EvidenceRoot, "*", SearchOption.AllDirectories), f => f.EndsWith(".jpg", StringComparison.Ordinal));

        var dispatcher = await app.SignedInAsync("r1.dispatcher@demo.careops.cn");
        var other = await app.SignedInAsync("r1.cg02@demo.careops.cn");
        var reviewerCopy = await dispatcher.GetByteArrayAsync($"/visits/{visit.Id}/evidence/{key}");
        Assert.Equal(Jpeg, reviewerCopy);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/visits/{visit.Id}/evidence/{key}")).StatusCode);
    }

    [Theory]
    [InlineData("application/pdf", "Evidence.WrongType")]
    [InlineData("image/png", "Evidence.NotWhatItSays")]
    public async Task Evidence_WrongTypeOrDisguised_RefusedWithSentence(string type, string expected)
    {
        var visit = await app.PlanVisitAsync("R1", nth: 29);
        var phone = await app.SignedInAsync(Cg01);
        await phone.SendAsync(Sync(Batch(visit.AtHome() with { CapturedAt = app.Clock.GetUtcNow() })));

        var response = await phone.SendAsync(Evidence(visit.Id, Upload(Guid.NewGuid(), Jpeg, type)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString();
        Assert.Equal(Chinese(expected), message);
        Assert.Empty((await app.LoadAsync(visit)).Evidence);
    }

    [Fact]
    public async Task Evidence_PhotoOverTenMegabytes_Refused_NothingStored()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 30);
        var phone = await app.SignedInAsync(Cg01);
        await phone.SendAsync(Sync(Batch(visit.AtHome() with { CapturedAt = app.Clock.GetUtcNow() })));
        var big = new byte[(10 * 1024 * 1024) + 1];
        Jpeg.CopyTo(big, 0);

        var response = await phone.SendAsync(Evidence(visit.Id, Upload(Guid.NewGuid(), big, "image/jpeg")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Empty((await app.LoadAsync(visit)).Evidence);
    }

    [Fact]
    public async Task Evidence_BeforeCheckIn_Refused()
    {
        var visit = await app.PlanVisitAsync("R1", nth: 31);
        var phone = await app.SignedInAsync(Cg01);

        var response = await phone.SendAsync(Evidence(visit.Id, Upload(Guid.NewGuid(), Jpeg, "image/jpeg")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}

using System.Net;
using CareOps.Web.Tests.Infrastructure;

namespace CareOps.Web.Tests.Security;

[Collection(AppCollection.Name)]
public sealed class AccessTests(CareOpsApp app)
{
    [Fact]
    public async Task Health_Anonymous_Returns200()
    {
        var response = await app.Browser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ClientPage_ClientOfAnotherAgency_Returns404()
    {
        var dispatcher = await app.SignedInAsync("r1.dispatcher@demo.careops.cn");
        var foreignClient = await app.AnyClientOfAsync("R2");

        var response = await dispatcher.GetAsync($"/clients/{foreignClient}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-testid=\"not-found\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ClientPage_OwnClient_ShowsTheClientWithMaskedResidentId()
    {
        var dispatcher = await app.SignedInAsync("r1.dispatcher@demo.careops.cn");
        var ownClient = await app.AnyClientOfAsync("R1");
        await using var db = app.Database(await app.AgencyIdAsync("R1"));
        var client = db.Clients.Single(c => c.Id == ownClient);

        var response = await dispatcher.GetAsync($"/clients/{ownClient}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(client.Name, html);
        Assert.Contains(CareOps.Data.Domain.ResidentId.Mask(client.ResidentId), html);
        Assert.DoesNotContain(client.ResidentId, html);
    }

    [Fact]
    public async Task Home_Dispatcher_CountsOnlyOwnAgencysClients()
    {
        var dispatcher = await app.SignedInAsync("r1.dispatcher@demo.careops.cn");

        var html = await dispatcher.GetStringAsync("/");

        Assert.Matches("data-testid=\"client-count\"[^>]*>600<", html);
    }

    [Fact]
    public async Task Clients_Anonymous_RedirectsToLogin()
    {
        var response = await app.Browser().GetAsync("/clients");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Agencies_Dispatcher_IsDenied()
    {
        var dispatcher = await app.SignedInAsync("r1.dispatcher@demo.careops.cn");

        var response = await dispatcher.GetAsync("/agencies");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Agencies_Operator_SeesAllEightAgencies()
    {
        var op = await app.SignedInAsync("operator@demo.careops.cn");

        var html = await op.GetStringAsync("/agencies");

        for (var n = 1; n <= 8; n++)
        {
            Assert.Contains($">R{n}<", html);
        }
    }

    [Fact]
    public async Task Clients_Operator_IsDeniedBecauseOperatorHasNoAgency()
    {
        var op = await app.SignedInAsync("operator@demo.careops.cn");

        var response = await op.GetAsync("/clients");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Login_WrongPassword_ReturnsToLoginWithPlainMessage()
    {
        var browser = app.Browser();

        var response = await CareOpsApp.SignInAsync(browser, "r2.admin@demo.careops.cn", "wrong-password");
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(response.Headers.Location!.OriginalString));

        Assert.Contains("error=failed", response.Headers.Location!.OriginalString);
        Assert.Contains("邮箱或密码不正确", page);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_AsksAgainInsteadOfFailing()
    {
        var response = await app.Browser().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "r1.dispatcher@demo.careops.cn",
            ["Password"] = CareOps.Data.Seeding.DemoArchipelago.DemoPassword,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("error=expired", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_ExternalReturnUrl_RedirectsHomeInstead()
    {
        var response = await CareOpsApp.SignInAsync(app.Browser(), "r3.admin@demo.careops.cn", CareOps.Data.Seeding.DemoArchipelago.DemoPassword, "//evil.example/phish");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccount()
    {
        const string email = "r8.finance@demo.careops.cn";
        for (var i = 0; i < 5; i++)
        {
            await CareOpsApp.SignInAsync(app.Browser(), email, "wrong-password");
        }

        var response = await CareOpsApp.SignInAsync(app.Browser(), email, CareOps.Data.Seeding.DemoArchipelago.DemoPassword);

        // The right password is refused, with the one failure answer (a "locked" answer would mark the email as real).
        Assert.Contains("error=failed", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("careops.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Login_Development_ShowsDemoPassword()
    {
        var html = await app.Browser().GetStringAsync("/login");

        Assert.Contains("data-testid=\"demo-logins\"", html);
        Assert.Contains(WebUtility.HtmlEncode(CareOps.Data.Seeding.DemoArchipelago.DemoPassword), html);
    }

    [Fact]
    public async Task Culture_English_SwitchesTheUi()
    {
        var browser = app.Browser();
        var chinese = await browser.GetStringAsync("/login");

        var set = await browser.GetAsync("/account/culture?culture=en&redirectUri=/login");
        var english = await browser.GetStringAsync("/login");

        Assert.Contains("lang=\"zh-CN\"", chinese);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Contains("lang=\"en\"", english);
        Assert.Contains("Keep me signed in", english);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var browser = await app.SignedInAsync("r4.dispatcher@demo.careops.cn");
        var page = await browser.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;

        var logout = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
        var after = await browser.GetAsync("/clients");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Billing_Finance_SeesPolicyAndThatCardPaymentIsNotConfigured()
    {
        var finance = await app.SignedInAsync("r1.finance@demo.careops.cn");

        var html = WebUtility.HtmlDecode(await finance.GetStringAsync("/billing"));

        Assert.Contains("data-testid=\"card-not-configured\"", html);
        Assert.Contains("舟山市长期护理保险", html);
        Assert.Contains("1,280.00", html);
    }

    [Fact]
    public async Task Billing_Dispatcher_IsDenied()
    {
        var dispatcher = await app.SignedInAsync("r1.dispatcher@demo.careops.cn");

        var response = await dispatcher.GetAsync("/billing");

        Assert.StartsWith("/denied", response.Headers.Location!.PathAndQuery);
    }
}

using System.Net;
using System.Text.RegularExpressions;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Web.Tests.Security;

/// <summary>Issue 8: signing out must end every session of the user, the cookie copies and the open circuits.</summary>
[Collection(SecurityCollection.Name)]
public sealed partial class SignOutTests(SecurityApp app)
{
    [Fact]
    public async Task SignOut_OldCookieReplayed_IsSentToLogin()
    {
        const string email = "r1.cg03@demo.careops.cn";
        var browser = app.Browser();
        var signIn = await CareOpsApp.SignInAsync(browser, email, CareOps.Data.Seeding.DemoArchipelago.DemoPassword);
        var copied = AuthCookie(signIn);
        var before = await ReplayAsync(copied, "/my/schedule");

        await SignOutAsync(browser);
        var after = await ReplayAsync(copied, "/my/schedule");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/login", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SignOut_OpenCircuitOfTheUser_IsSignedOutBeforeTheAnswer()
    {
        const string email = "r1.cg04@demo.careops.cn";
        await using var circuit = await CircuitOfAsync(email);
        await using var otherUsers = await CircuitOfAsync("r1.cg05@demo.careops.cn");
        var browser = await app.SignedInAsync(email);

        await SignOutAsync(browser);

        Assert.False(await IsSignedInAsync(circuit));
        Assert.True(await IsSignedInAsync(otherUsers));
    }

    [Fact]
    public async Task SignOut_CircuitWhoseConnectionStillCarriesTheOldUser_ActsForNobody()
    {
        // The HttpContext of the connection that opened a circuit keeps the user it was opened with; after sign-out
        // the tenant filter and the use cases must go by the circuit's (now anonymous) state, not by that old user.
        const string email = "r1.cg06@demo.careops.cn";
        await using var circuit = await CircuitOfAsync(email);
        var signedIn = (await circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>().GetAuthenticationStateAsync()).User;
        var connection = new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = signedIn } };
        Assert.NotNull(TenantClaims.AgencyOf(UserTenantContext.CurrentUser(connection, circuit.ServiceProvider)));

        await SignOutAsync(await app.SignedInAsync(email));

        var now = UserTenantContext.CurrentUser(connection, circuit.ServiceProvider);
        Assert.False(now?.Identity?.IsAuthenticated == true);
        Assert.Null(new UserTenantContext(connection, circuit.ServiceProvider).AgencyId);
    }

    [Fact]
    public async Task RoleAdded_OpenCircuitOfTheUser_IsSignedOut()
    {
        const string email = "r2.dispatcher@demo.careops.cn";
        await using var circuit = await CircuitOfAsync(email);
        await using var otherUsers = await CircuitOfAsync("r2.admin@demo.careops.cn");
        var circuits = app.Services.GetRequiredService<SignedInCircuits>();
        var userId = await UserIdAsync(email);
        Assert.Equal(1, circuits.CountOf(userId));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.AddToRoleAsync((await users.FindByIdAsync(userId))!, Roles.Finance)).Succeeded);
        }

        Assert.False(await IsSignedInAsync(circuit));
        Assert.True(await IsSignedInAsync(otherUsers));
        Assert.Equal(0, circuits.CountOf(userId));
    }

    [Fact]
    public async Task WrongPassword_OpenCircuitOfTheUser_StaysSignedIn()
    {
        // Lockout and failed attempts are not a stamp change: a stranger guessing must not end the real user's work.
        const string email = "r2.finance@demo.careops.cn";
        await using var circuit = await CircuitOfAsync(email);

        for (var i = 0; i < 5; i++)
        {
            await CareOpsApp.SignInAsync(app.Browser(), email, "not-the-password-" + i);
        }

        Assert.True(await IsSignedInAsync(circuit));
    }

    /// <summary>
    /// A circuit's authentication state as Blazor sets it up when the circuit starts: a scope of its own with the
    /// user's principal from the cookie (here made by the same claims factory the sign-in uses).
    /// </summary>
    private async Task<AsyncServiceScope> CircuitOfAsync(string email)
    {
        var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync((await users.FindByEmailAsync(email))!);
        var state = (RevalidatingIdentityState)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        state.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        Assert.True(await IsSignedInAsync(scope));
        return scope;
    }

    private static async Task<bool> IsSignedInAsync(AsyncServiceScope circuit)
    {
        var state = await circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>().GetAuthenticationStateAsync();
        return state.User.Identity?.IsAuthenticated == true;
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    /// <summary>Presses "sign out" in the app bar: posts the form of a signed-in page, token included.</summary>
    private static async Task SignOutAsync(HttpClient browser)
    {
        // A caregiver's "/" sends her to her schedule (Landing): the form is on the page she lands on.
        var home = await browser.GetAsync("/");
        var page = home.StatusCode == HttpStatusCode.Redirect ? await browser.GetStringAsync(home.Headers.Location) : await home.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var response = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
    }

    /// <summary>The sign-in cookie as another browser (or a thief) would hold a copy: name=value pairs for a Cookie header.</summary>
    private static string AuthCookie(HttpResponseMessage signIn)
    {
        var cookies = signIn.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("careops.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]).ToList();
        Assert.NotEmpty(cookies);
        return string.Join("; ", cookies);
    }

    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string path)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

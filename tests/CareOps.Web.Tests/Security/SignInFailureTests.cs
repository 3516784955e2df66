using System.Net;
using System.Text.RegularExpressions;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace CareOps.Web.Tests.Security;

/// <summary>Issue 8: a failed sign-in must not tell whether the email is an account, and is logged for the audit.</summary>
[Collection(SecurityCollection.Name)]
public sealed partial class SignInFailureTests(SecurityApp app)
{
    [Fact]
    public async Task UnknownEmailAndWrongPassword_GetTheSameAnswer()
    {
        var unknown = await FailedSignInAsync("nobody.here@demo.careops.cn", "wrong-pw-same-answer-1");
        var wrong = await FailedSignInAsync("r3.dispatcher@demo.careops.cn", "wrong-pw-same-answer-2");

        Assert.Equal(HttpStatusCode.Redirect, unknown.Status);
        Assert.Equal((unknown.Status, unknown.Location, unknown.Message), (wrong.Status, wrong.Location, wrong.Message));
        Assert.Equal("/login?error=failed&returnUrl=%2F", unknown.Location);
        Assert.Contains("邮箱或密码不正确", unknown.Message);
    }

    [Fact]
    public async Task LockedAccount_AnswersLikeAnUnknownEmail()
    {
        const string email = "r3.finance@demo.careops.cn";
        for (var i = 0; i < 5; i++)
        {
            await CareOpsApp.SignInAsync(app.Browser(), email, "wrong-pw-locking-" + i);
        }

        var locked = await FailedSignInAsync(email, CareOps.Data.Seeding.DemoArchipelago.DemoPassword);
        var unknown = await FailedSignInAsync("nobody.locked@demo.careops.cn", "wrong-pw-locked-unknown");

        Assert.Equal((unknown.Status, unknown.Location, unknown.Message), (locked.Status, locked.Location, locked.Message));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Message.Contains("locked", StringComparison.OrdinalIgnoreCase) && l.Message.Contains("nobody.locked", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains($"Account {email}", StringComparison.Ordinal) && l.Message.Contains("locked out after 5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownEmail_PasswordIsHashedLikeForARealAccount()
    {
        // The timing leak came from skipping the hash for unknown emails (12 ms vs 430 ms): each path must hash once.
        await FailedSignInAsync("nobody.timing@demo.careops.cn", "wrong-pw-hash-unknown");
        await FailedSignInAsync("r3.admin@demo.careops.cn", "wrong-pw-hash-real");

        Assert.Equal(1, app.Hasher.ChecksOf("wrong-pw-hash-unknown"));
        Assert.Equal(1, app.Hasher.ChecksOf("wrong-pw-hash-real"));
    }

    [Fact]
    public async Task LockedAccount_PasswordIsStillHashed()
    {
        // Identity answers "locked" before hashing; a fast "locked" would mark the email as a real account.
        const string email = "r4.finance@demo.careops.cn";
        for (var i = 0; i < 5; i++)
        {
            await CareOpsApp.SignInAsync(app.Browser(), email, "wrong-pw-lock-hash-" + i);
        }

        await FailedSignInAsync(email, "wrong-pw-after-lock");

        Assert.Equal(1, app.Hasher.ChecksOf("wrong-pw-after-lock"));
    }

    [Fact]
    public async Task FailedSignIns_AreLoggedWithAccountAndAddressButNeverThePassword()
    {
        const string password = "Secret-wrong-pw-log-7";
        await FailedSignInAsync("r5.dispatcher@demo.careops.cn", password);
        await FailedSignInAsync("nobody.logged@demo.careops.cn", password);

        var lines = app.Logs.Lines;
        Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Message.Contains("wrong password for r5.dispatcher@demo.careops.cn", StringComparison.Ordinal) && l.Message.Contains("from ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Sign-in failed: no account for email fingerprint", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Message.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Message.Contains("nobody.logged", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task HugeEmail_IsNotCopiedIntoTheRedirect()
    {
        var huge = new string('a', 100_000) + "@demo.careops.cn";

        var failed = await FailedSignInAsync(huge, "wrong-pw-huge");

        Assert.Equal("/login?error=failed&returnUrl=%2F", failed.Location);
        Assert.Equal(1, app.Hasher.ChecksOf("wrong-pw-huge"));
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\nSet-Cookie: x=1")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task SignIn_UnsafeReturnUrl_GoesHome(string returnUrl)
    {
        var response = await CareOpsApp.SignInAsync(app.Browser(), "r5.admin@demo.careops.cn", CareOps.Data.Seeding.DemoArchipelago.DemoPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0d%0aSet-Cookie:%20x=1")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("/%E4%BD%A0")]
    public async Task Culture_UnsafeRedirectUri_GoesHome(string redirectUri)
    {
        var response = await app.Browser().GetAsync($"/account/culture?culture=en&redirectUri={redirectUri}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    /// <summary>Posts the login form and reads what the person sees next: the status, where it sends them, the message shown there.</summary>
    private async Task<(HttpStatusCode Status, string Location, string Message)> FailedSignInAsync(string email, string password)
    {
        var browser = app.Browser();
        var response = await CareOpsApp.SignInAsync(browser, email, password);
        var location = response.Headers.Location?.OriginalString ?? "";
        var page = location.StartsWith("/login", StringComparison.Ordinal) ? WebUtility.HtmlDecode(await browser.GetStringAsync(location)) : "";
        var message = LoginError().Match(page).Groups[1].Value;
        return (response.StatusCode, location, message);
    }

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();
}

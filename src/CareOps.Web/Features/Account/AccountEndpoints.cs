using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace CareOps.Web.Features.Account;

/// <summary>Sign-in, sign-out and language choice: plain HTTP endpoints, because a cookie cannot be set from a circuit.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");

        // Antiforgery is checked by hand so that a stale form (app restarted, tab left open) gets a sentence, not a 400.
        account.MapPost("/login", SignInAsync).AllowAnonymous().DisableAntiforgery();
        account.MapPost("/logout", SignOutAsync).RequireAuthorization(Policies.SignedIn).DisableAntiforgery();
        account.MapGet("/culture", SetCulture).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> SignInAsync([FromForm] LoginForm form, PasswordSignIn passwordSignIn, IAntiforgery antiforgery, HttpContext http)
    {
        var returnUrl = SafeRedirect.Local(form.ReturnUrl);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Redirect(LoginUrl("expired", returnUrl));
        }

        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
        {
            return Results.Redirect(LoginUrl("missing", returnUrl));
        }

        if (await passwordSignIn.SignInAsync(form.Email, form.Password, form.RememberMe, http.Connection.RemoteIpAddress))
        {
            return Results.Redirect(returnUrl);
        }

        // One answer for an unknown email, a wrong password and a locked account (see PasswordSignIn).
        return Results.Redirect(LoginUrl("failed", returnUrl));
    }

    private static async Task<IResult> SignOutAsync(SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users, IAntiforgery antiforgery, HttpContext http)
    {
        // Checked by hand (no form parameter triggers the automatic check): another site must not sign users out.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Redirect("/");
        }

        // A new stamp makes every copy of the cookie useless (checked on each request) and, through
        // StampWatchingUserManager, signs out this user's open circuits, in this tab and every other.
        if (await users.GetUserAsync(http.User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return Results.Redirect("/login");
    }

    private static IResult SetCulture(string? culture, string? redirectUri, HttpContext http)
    {
        var chosen = culture == "en" ? "en" : "zh-CN";
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
        return Results.Redirect(SafeRedirect.Local(redirectUri));
    }

    /// <summary>Never the email: the URL would carry whatever was typed (100 KB of it) into the Location header and logs.</summary>
    private static string LoginUrl(string error, string returnUrl) =>
        $"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}

public sealed class LoginForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

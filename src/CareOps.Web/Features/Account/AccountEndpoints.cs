using CareOps.Data.Domain;
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
        account.MapPost("/logout", SignOutAsync).RequireAuthorization(Infrastructure.Policies.SignedIn).DisableAntiforgery();
        account.MapGet("/culture", SetCulture).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> SignInAsync([FromForm] LoginForm form, SignInManager<ApplicationUser> signIn, IAntiforgery antiforgery, HttpContext http)
    {
        var returnUrl = SafeLocal(form.ReturnUrl);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Redirect(LoginUrl("expired", returnUrl, form.Email));
        }

        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
        {
            return Results.Redirect(LoginUrl("missing", returnUrl, form.Email));
        }

        var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return Results.LocalRedirect(returnUrl);
        }

        return Results.Redirect(LoginUrl(result.IsLockedOut ? "locked" : "invalid", returnUrl, form.Email));
    }

    private static async Task<IResult> SignOutAsync(SignInManager<ApplicationUser> signIn, IAntiforgery antiforgery, HttpContext http)
    {
        // Checked by hand (no form parameter triggers the automatic check): another site must not sign users out.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.LocalRedirect("/");
        }

        await signIn.SignOutAsync();
        return Results.LocalRedirect("/login");
    }

    private static IResult SetCulture(string? culture, string? redirectUri, HttpContext http)
    {
        var chosen = culture == "en" ? "en" : "zh-CN";
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
        return Results.LocalRedirect(SafeLocal(redirectUri));
    }

    private static string LoginUrl(string error, string returnUrl, string? email) =>
        $"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}&email={Uri.EscapeDataString(email ?? "")}";

    /// <summary>Only local paths: an open redirect would let a phishing link bounce through our login.</summary>
    internal static string SafeLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}

public sealed class LoginForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

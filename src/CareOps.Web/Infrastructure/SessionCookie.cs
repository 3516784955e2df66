using System.Security.Claims;
using CareOps.Data.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// The sign-in cookie is checked against the user's security stamp on every request, so a copy kept after sign-out
/// (another tab, a stolen cookie) stops working at once (issue 8). Identity's own validator only looks once per
/// <see cref="SecurityStampValidatorOptions.ValidationInterval"/> and then rebuilds the whole principal; this check is
/// one primary-key read, and Identity's validator still runs after it to refresh the claims now and then.
/// </summary>
public static class SessionCookie
{
    /// <summary>How often the cookie's claims (roles, agency, name) are rebuilt from the database when the stamp is unchanged.</summary>
    public static readonly TimeSpan ClaimsRefreshInterval = TimeSpan.FromMinutes(5);

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.Identity?.IsAuthenticated == true)
        {
            var services = context.HttpContext.RequestServices;
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            var claimType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
            var user = await users.GetUserAsync(context.Principal);
            var stamp = context.Principal.FindFirstValue(claimType);
            if (user is null || (users.SupportsUserSecurityStamp && stamp != await users.GetSecurityStampAsync(user)))
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionCookie))
                    .CookieRefused(users.GetUserId(context.Principal), context.HttpContext.Connection.RemoteIpAddress);
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>For <c>/api/</c> requests a status and a JSON sentence instead of the cookie handler's redirect to a page.</summary>
    public static async Task ApiOrRedirectAsync(RedirectContext<CookieAuthenticationOptions> context, int status, string key)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            var text = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource>>();
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { message = text[key].Value });
            return;
        }

        context.Response.Redirect(context.RedirectUri);
    }
}

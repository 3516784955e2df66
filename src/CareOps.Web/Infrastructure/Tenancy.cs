using System.Security.Claims;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareOps.Web.Infrastructure;

public static class TenantClaims
{
    public const string AgencyId = "careops:agency";
    public const string CaregiverId = "careops:caregiver";
    public const string DisplayName = "careops:name";

    public static Guid? AgencyOf(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirst(AgencyId)?.Value, out var id) ? id : null;

    public static Guid? CaregiverOf(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirst(CaregiverId)?.Value, out var id) ? id : null;
}

/// <summary>Puts the agency (and caregiver) of the user into the sign-in cookie.</summary>
public sealed class CareOpsClaimsFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.AgencyId is Guid agency)
        {
            identity.AddClaim(new Claim(TenantClaims.AgencyId, agency.ToString()));
        }

        if (user.CaregiverId is Guid caregiver)
        {
            identity.AddClaim(new Claim(TenantClaims.CaregiverId, caregiver.ToString()));
        }

        identity.AddClaim(new Claim(TenantClaims.DisplayName, user.DisplayName));
        return identity;
    }
}

/// <summary>
/// The agency of the signed-in user: from the Blazor circuit's authentication state when there is one
/// (HttpContext inside a circuit may be stale), else from the HTTP request. No user, no agency: queries fail closed.
/// </summary>
public sealed class UserTenantContext(IHttpContextAccessor http, IServiceProvider services) : ITenantContext
{
    public Guid? AgencyId => TenantClaims.AgencyOf(CurrentUser(http, services));

    /// <summary>The signed-in user: the circuit's when there is one, else the request's. <see cref="Caller"/> asks the same.</summary>
    public static ClaimsPrincipal? CurrentUser(IHttpContextAccessor http, IServiceProvider services)
    {
        var user = CircuitUser(services);
        return user?.Identity?.IsAuthenticated == true ? user : http.HttpContext?.User;
    }

    private static ClaimsPrincipal? CircuitUser(IServiceProvider services)
    {
        var auth = services.GetService<AuthenticationStateProvider>();
        if (auth is null)
        {
            return null;
        }

        try
        {
            // Note: in a circuit the state is set before any component runs, so the task is complete.
            var state = auth.GetAuthenticationStateAsync();
            return state.IsCompletedSuccessfully ? state.Result.User : null;
        }
        catch (InvalidOperationException)
        {
            // Outside a circuit the provider has no state yet: nobody, so no agency.
            return null;
        }
    }
}

using System.Security.Claims;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace CareOps.Web.Tests.Features;

/// <summary>Callers for use cases built by hand: a user with one role (and agency), checked by the app's own policies.</summary>
public static class Callers
{
    public static Caller As(this CareOpsApp app, string? role, Guid? agency = null)
    {
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        if (role is null)
        {
            return Caller.Of(new ClaimsPrincipal(new ClaimsIdentity()), authorization);
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, $"{role.ToLowerInvariant()}@test"), new(ClaimTypes.Role, role) };
        if (agency is Guid id)
        {
            claims.Add(new Claim(TenantClaims.AgencyId, id.ToString()));
        }

        return Caller.Of(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")), authorization);
    }

    public static Caller Dispatcher(this CareOpsApp app, Guid agency) => app.As(Roles.Dispatcher, agency);

    public static Caller Finance(this CareOpsApp app, Guid agency) => app.As(Roles.Finance, agency);

    public static Caller Operator(this CareOpsApp app) => app.As(Roles.Operator);

    public static Caller Anonymous(this CareOpsApp app) => app.As(null);
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// Who is asking a use case to act: the signed-in user of the circuit or request. A use case asks it with the
/// same policy a page names (<see cref="Policies"/>), so the page's hiding and the use case's refusing cannot disagree.
/// </summary>
public sealed class Caller
{
    private readonly Func<ClaimsPrincipal?> user;
    private readonly IAuthorizationService authorization;

    public Caller(IHttpContextAccessor http, IServiceProvider services, IAuthorizationService authorization)
        : this(() => UserTenantContext.CurrentUser(http, services), authorization)
    {
    }

    private Caller(Func<ClaimsPrincipal?> user, IAuthorizationService authorization)
    {
        this.user = user;
        this.authorization = authorization;
    }

    /// <summary>A caller for a known user (tests, jobs acting for someone).</summary>
    public static Caller Of(ClaimsPrincipal user, IAuthorizationService authorization) => new(() => user, authorization);

    public ClaimsPrincipal User => user() ?? new ClaimsPrincipal(new ClaimsIdentity());

    public Guid? AgencyId => TenantClaims.AgencyOf(User);

    /// <summary>Nothing when the caller satisfies the policy; otherwise the refusal (signed out, or not allowed).</summary>
    public async Task<Problems> RequireAsync(string policy)
    {
        var principal = User;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return Problems.Of("Error.SignedOut");
        }

        var result = await authorization.AuthorizeAsync(principal, resource: null, policy);
        return result.Succeeded ? [] : Problems.Of("Error.NotAllowed");
    }

    /// <summary>As <see cref="RequireAsync(string)"/>, and the data acted on must be the caller's own agency's.</summary>
    public async Task<Problems> RequireAsync(string policy, Guid? agencyId)
    {
        var problems = await RequireAsync(policy);
        if (problems.IsEmpty && (agencyId is null || agencyId != AgencyId))
        {
            problems.Add(Problem.Of("Error.OtherAgency"));
        }

        return problems;
    }
}

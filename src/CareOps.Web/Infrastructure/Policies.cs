using CareOps.Data.Domain;
using Microsoft.AspNetCore.Authorization;

namespace CareOps.Web.Infrastructure;

/// <summary>The authorization policies. Every page and endpoint names one of these or allows anonymous access.</summary>
public static class Policies
{
    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>The platform operator, who manages agencies.</summary>
    public const string Operator = nameof(Operator);

    /// <summary>Agency office staff: admin, dispatcher, finance.</summary>
    public const string AgencyStaff = nameof(AgencyStaff);

    /// <summary>Who plans care: admin and dispatcher.</summary>
    public const string Dispatching = nameof(Dispatching);

    /// <summary>Office users who read shared reference data: operator and agency staff.</summary>
    public const string Office = nameof(Office);

    /// <summary>Who edits shared geography and timetables: the platform operator.</summary>
    public const string GeographyEditor = nameof(GeographyEditor);

    /// <summary>Who closes the month: admin and finance.</summary>
    public const string Billing = nameof(Billing);

    /// <summary>Who reads the reports: the operator (every agency side by side), an agency's admin and finance (their own).</summary>
    public const string Reports = nameof(Reports);

    /// <summary>A caregiver in the field.</summary>
    public const string Caregiver = nameof(Caregiver);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Operator, p => p.RequireRole(Roles.Operator));
        options.AddPolicy(AgencyStaff, p => p.RequireRole(Roles.AgencyAdmin, Roles.Dispatcher, Roles.Finance).RequireClaim(TenantClaims.AgencyId));
        options.AddPolicy(Dispatching, p => p.RequireRole(Roles.AgencyAdmin, Roles.Dispatcher).RequireClaim(TenantClaims.AgencyId));
        options.AddPolicy(Office, p => p.RequireRole(Roles.Operator, Roles.AgencyAdmin, Roles.Dispatcher, Roles.Finance));
        // Operator only: geography and timetables are shared by every agency (ADR 0003), so one agency must not change another's.
        options.AddPolicy(GeographyEditor, p => p.RequireRole(Roles.Operator));
        options.AddPolicy(Billing, p => p.RequireRole(Roles.AgencyAdmin, Roles.Finance).RequireClaim(TenantClaims.AgencyId));
        options.AddPolicy(Reports, p => p.RequireAssertion(c => c.User.IsInRole(Roles.Operator)
            || ((c.User.IsInRole(Roles.AgencyAdmin) || c.User.IsInRole(Roles.Finance)) && c.User.HasClaim(x => x.Type == TenantClaims.AgencyId))));
        options.AddPolicy(Caregiver, p => p.RequireRole(Roles.Caregiver).RequireClaim(TenantClaims.AgencyId));

        // Secure by default: an endpoint that forgets to say is still closed (and a test names it).
        options.FallbackPolicy = options.GetPolicy(SignedIn);
    }
}

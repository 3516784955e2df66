using System.Security.Claims;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace CareOps.Web.Features.Home;

/// <summary>Where a signed-in user lands on "/": a caregiver on her own schedule; everyone else on the home page.</summary>
public static class Landing
{
    /// <summary>The caregiver's landing page.</summary>
    public const string CaregiverHome = "/my/schedule";

    /// <summary>
    /// <see cref="CaregiverHome"/> for a caregiver (<see cref="Policies.Caregiver"/>) who is not also office staff, else
    /// null: a dispatcher, finance, an admin or the operator stays on the home page.
    /// </summary>
    public static async Task<string?> CaregiverHomeAsync(IAuthorizationService authorization, ClaimsPrincipal user) =>
        (await authorization.AuthorizeAsync(user, Policies.Caregiver)).Succeeded && !(await authorization.AuthorizeAsync(user, Policies.Office)).Succeeded
            ? CaregiverHome
            : null;
}

using CareOps.Data.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// Identity's user manager, plus two duties: a role added or removed changes the security stamp, and after any change
/// to a user is saved (stamp, roles, lockout) or the user is deleted, that user's open circuits re-check themselves
/// now. Every stamp change goes through <see cref="UserManager{TUser}.UpdateUserAsync(TUser)"/>, so sign-out, a role
/// change or a password change need no extra call.
/// </summary>
public sealed class StampWatchingUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger,
    SignedInCircuits circuits)
    : UserManager<ApplicationUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    // Note: Identity does not change the stamp when roles change; the cookie and circuits would keep the old roles.
    public override async Task<IdentityResult> AddToRoleAsync(ApplicationUser user, string role) =>
        await ThenNewStampAsync(user, await base.AddToRoleAsync(user, role));

    public override async Task<IdentityResult> AddToRolesAsync(ApplicationUser user, IEnumerable<string> roles) =>
        await ThenNewStampAsync(user, await base.AddToRolesAsync(user, roles));

    public override async Task<IdentityResult> RemoveFromRoleAsync(ApplicationUser user, string role) =>
        await ThenNewStampAsync(user, await base.RemoveFromRoleAsync(user, role));

    public override async Task<IdentityResult> RemoveFromRolesAsync(ApplicationUser user, IEnumerable<string> roles) =>
        await ThenNewStampAsync(user, await base.RemoveFromRolesAsync(user, roles));

    protected override async Task<IdentityResult> UpdateUserAsync(ApplicationUser user)
    {
        var result = await base.UpdateUserAsync(user);
        if (result.Succeeded)
        {
            // Note: also runs after a failed password (access-failed count); the circuits then find the stamp unchanged.
            await circuits.RevalidateAsync(user.Id, CancellationToken);
        }

        return result;
    }

    public override async Task<IdentityResult> DeleteAsync(ApplicationUser user)
    {
        var result = await base.DeleteAsync(user);
        if (result.Succeeded)
        {
            await circuits.RevalidateAsync(user.Id, CancellationToken);
        }

        return result;
    }

    private async Task<IdentityResult> ThenNewStampAsync(ApplicationUser user, IdentityResult changed) =>
        changed.Succeeded ? await UpdateSecurityStampAsync(user) : changed;
}

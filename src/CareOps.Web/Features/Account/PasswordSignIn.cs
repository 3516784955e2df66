using System.Net;
using System.Security.Cryptography;
using System.Text;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace CareOps.Web.Features.Account;

/// <summary>
/// Signs a user in by email and password, answering the same way, after the same work, whether the account exists,
/// the password is wrong or the account is locked: a stranger must not learn which emails are accounts here
/// (issue 8: a wrong password took ~430 ms for a real account, ~12 ms for an unknown one). Every failure is logged
/// with the remote address for the audit (等保), never with the password.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<ApplicationUser> signIn,
    UserManager<ApplicationUser> users,
    IPasswordHasher<ApplicationUser> hasher,
    ILogger<PasswordSignIn> log)
{
    public const int MaxEmailLength = 256;

    public const int MaxPasswordLength = 512;

    private static readonly ApplicationUser Nobody = new() { UserName = "nobody", DisplayName = "" };

    // Made once with the app's own hasher, so checking against it costs what checking a real user's hash costs.
    private static string? dummyHash;

    /// <summary>True when signed in (the cookie is set on the response); false for any failure, without saying which.</summary>
    public async Task<bool> SignInAsync(string email, string password, bool remember, IPAddress? from)
    {
        email = email.Trim();
        var user = email.Length <= MaxEmailLength && password.Length <= MaxPasswordLength ? await users.FindByNameAsync(email) : null;
        if (user is null)
        {
            CheckAgainstDummy(password);

            // Note: an unknown "email" is often a password typed into the wrong field, so only a fingerprint is logged.
            log.UnknownAccount(Fingerprint(email), email.Length, from);
            return false;
        }

        if (await users.IsLockedOutAsync(user) || !await users.HasPasswordAsync(user))
        {
            // Identity answers a locked account before hashing: hash anyway, so "locked" is not faster than "wrong".
            CheckAgainstDummy(password);
            log.LockedOutAccount(user.Email, user.Id, user.LockoutEnd, from);
            return false;
        }

        var result = await signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            log.SignedIn(user.Email, user.Id, from);
            return true;
        }

        if (result.IsLockedOut)
        {
            log.LockedOut(user.Email, user.Id, users.Options.Lockout.MaxFailedAccessAttempts, from);
        }
        else
        {
            log.WrongPassword(user.Email, user.Id, from);
        }

        return false;
    }

    private void CheckAgainstDummy(string password)
    {
        var hash = dummyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(Nobody, hash, password.Length <= MaxPasswordLength ? password : password[..MaxPasswordLength]);
    }

    /// <summary>Enough to see the same unknown email tried again and again, not enough to read it back.</summary>
    private static string Fingerprint(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToUpperInvariant())), 0, 6);
}

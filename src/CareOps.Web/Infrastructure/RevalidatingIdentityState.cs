using System.Security.Claims;
using CareOps.Data.Domain;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CareOps.Web.Infrastructure;

/// <summary>
/// A circuit's user, re-checked against the security stamp: at once when told (<see cref="SignedInCircuits"/>, on
/// sign-out or a role change), and every minute as a fallback. A user deleted, or whose stamp changed, becomes
/// anonymous in the circuit: the router then shows the login redirect instead of the page.
/// </summary>
/// <remarks>
/// Lockout is deliberately not checked: five wrong passwords from anyone would otherwise end the real user's open
/// work. Lockout stops password guessing; to shut a user out, change their stamp.
/// </remarks>
public sealed class RevalidatingIdentityState : RevalidatingServerAuthenticationStateProvider
{
    private static readonly AuthenticationState SignedOut = new(new ClaimsPrincipal(new ClaimsIdentity()));

    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<IdentityOptions> options;
    private readonly SignedInCircuits circuits;
    private readonly ILogger log;
    private readonly Lock gate = new();
    private string? trackedUserId;
    private bool disposed;

    public RevalidatingIdentityState(ILoggerFactory logs, IServiceScopeFactory scopes, IOptions<IdentityOptions> options, SignedInCircuits circuits)
        : base(logs)
    {
        this.scopes = scopes;
        this.options = options;
        this.circuits = circuits;
        log = logs.CreateLogger<RevalidatingIdentityState>();
        AuthenticationStateChanged += Track;
    }

    /// <summary>The fallback for changes this server was not told about (another server, a change made in the database).</summary>
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    /// <summary>Checks the user now; signs the circuit out when the check fails.</summary>
    public async Task RevalidateNowAsync(CancellationToken cancellationToken)
    {
        var state = await GetAuthenticationStateAsync();
        if (state.User.Identity?.IsAuthenticated != true || await ValidateAuthenticationStateAsync(state, cancellationToken))
        {
            return;
        }

        log.CircuitSignedOut(UserIdOf(state.User));
        SetAuthenticationState(Task.FromResult(SignedOut));
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null)
        {
            return false;
        }

        var stamp = authenticationState.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return !users.SupportsUserSecurityStamp || stamp == await users.GetSecurityStampAsync(user);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= Track;
            lock (gate)
            {
                disposed = true;
                if (trackedUserId is not null)
                {
                    circuits.Remove(trackedUserId, this);
                    trackedUserId = null;
                }
            }
        }

        base.Dispose(disposing);
    }

    private void Track(Task<AuthenticationState> next) => _ = TrackAsync(next);

    private async Task TrackAsync(Task<AuthenticationState> next)
    {
        string? userId;
        try
        {
            var state = await next;
            userId = state.User.Identity?.IsAuthenticated == true ? UserIdOf(state.User) : null;
        }
        catch (Exception)
        {
            // A state that failed (or was cancelled) has no user to track; fire-and-forget must not leave it unobserved.
            userId = null;
        }

        lock (gate)
        {
            if (disposed || userId == trackedUserId)
            {
                return;
            }

            if (trackedUserId is not null)
            {
                circuits.Remove(trackedUserId, this);
            }

            trackedUserId = userId;
            if (userId is not null)
            {
                circuits.Add(userId, this);
            }
        }
    }

    private string? UserIdOf(ClaimsPrincipal user) => user.FindFirstValue(options.Value.ClaimsIdentity.UserIdClaimType);
}

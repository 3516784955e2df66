namespace CareOps.Web.Infrastructure;

/// <summary>
/// The open circuits of each signed-in user on this server. When a user's security stamp changes (sign-out, a role
/// added or removed), <see cref="StampWatchingUserManager"/> asks each of their circuits to re-check at once instead
/// of at its next periodic check: a circuit left open in another tab must not keep reading and saving.
/// </summary>
/// <remarks>
/// Note: per process. With several web servers, a circuit on another server learns of the change at its periodic
/// check (<see cref="RevalidatingIdentityState"/>), and its next HTTP request is refused by the per-request stamp check.
/// </remarks>
public sealed class SignedInCircuits(ILogger<SignedInCircuits> log)
{
    private readonly Dictionary<string, HashSet<RevalidatingIdentityState>> byUser = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    internal void Add(string userId, RevalidatingIdentityState circuit)
    {
        lock (gate)
        {
            if (!byUser.TryGetValue(userId, out var circuits))
            {
                byUser[userId] = circuits = [];
            }

            circuits.Add(circuit);
        }
    }

    internal void Remove(string userId, RevalidatingIdentityState circuit)
    {
        lock (gate)
        {
            if (byUser.TryGetValue(userId, out var circuits) && circuits.Remove(circuit) && circuits.Count == 0)
            {
                byUser.Remove(userId);
            }
        }
    }

    /// <summary>How many circuits of the user are open here (for tests and logs).</summary>
    public int CountOf(string userId)
    {
        lock (gate)
        {
            return byUser.TryGetValue(userId, out var circuits) ? circuits.Count : 0;
        }
    }

    /// <summary>Makes every circuit of the user check the stamp now; those that fail are signed out.</summary>
    public async Task RevalidateAsync(string userId, CancellationToken cancellationToken = default)
    {
        RevalidatingIdentityState[] circuits;
        lock (gate)
        {
            circuits = byUser.TryGetValue(userId, out var set) ? [.. set] : [];
        }

        foreach (var circuit in circuits)
        {
            try
            {
                await circuit.RevalidateNowAsync(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One broken circuit (its database call failed) must not keep the others of this user open.
                log.CircuitRecheckFailed(e, userId);
            }
        }
    }
}

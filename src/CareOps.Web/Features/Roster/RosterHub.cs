using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CareOps.Web.Features.Roster;

/// <summary>What the roster hub pushes to a dispatcher's board.</summary>
/// <param name="RunId">The run.</param>
/// <param name="WeekStart">Its week (yyyy-MM-dd).</param>
/// <param name="State">Queued, Running, Completed, Cancelled, Interrupted or Failed.</param>
/// <param name="Phase">The solver's phase.</param>
/// <param name="Required">Visits required.</param>
/// <param name="Scheduled">Visits scheduled in the best roster so far.</param>
/// <param name="TravelMinutes">Its travel.</param>
/// <param name="ElapsedSeconds">Seconds since the run started.</param>
/// <param name="TimeLimitSeconds">The run's budget.</param>
public sealed record RunProgressMessage(Guid RunId, string WeekStart, string State, string? Phase, int Required, int Scheduled, int TravelMinutes,
    double ElapsedSeconds, int TimeLimitSeconds);

/// <summary>
/// Live roster events. Dispatchers (admin, dispatcher) of an agency share its group and see every run's progress and
/// every change of a week; a caregiver is in her own group and hears when a published week changes her visits. The
/// hub checks the caller's role and agency on connect and again on every method (ADR 0009): a connection does not
/// keep rights its user has lost.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class RosterHub(IAuthorizationService authorization) : Hub
{
    /// <summary>The hub's path.</summary>
    public const string Path = "/hubs/roster";

    /// <summary>The group of an agency's dispatchers.</summary>
    public static string DispatchGroup(Guid agencyId) => $"dispatch:{agencyId:N}";

    /// <summary>The group of one caregiver.</summary>
    public static string CaregiverGroup(Guid caregiverId) => $"caregiver:{caregiverId:N}";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User;
        var agencyId = TenantClaims.AgencyOf(user);
        if (user is not null && agencyId is { } agency && await Allowed(Policies.Dispatching))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, DispatchGroup(agency));
        }
        else if (user is not null && TenantClaims.CaregiverOf(user) is { } caregiver && await Allowed(Policies.Caregiver))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, CaregiverGroup(caregiver));
        }
        else
        {
            // Operator, finance, or a user without an agency: nothing to hear here.
            Context.Abort();
            return;
        }

        await base.OnConnectedAsync();
    }

    /// <summary>Whether this connection still may follow runs (re-checked on every call).</summary>
    public async Task<bool> Ping() => await Allowed(Policies.Dispatching) || await Allowed(Policies.Caregiver);

    private async Task<bool> Allowed(string policy) =>
        Context.User is { } user && (await authorization.AuthorizeAsync(user, resource: null, policy)).Succeeded;
}

/// <summary>Pushes roster events to the hub's groups (through the backplane when several nodes run).</summary>
public interface IRosterEvents
{
    /// <summary>A run's progress or end.</summary>
    Task RunProgressAsync(Guid agencyId, RunProgressMessage progress);

    /// <summary>A week's draft or published version changed.</summary>
    Task WeekChangedAsync(Guid agencyId, DateOnly weekStart);

    /// <summary>A publish changed these caregivers' visits of the week.</summary>
    Task PublishedAsync(Guid agencyId, DateOnly weekStart, IReadOnlyCollection<Guid> caregiverIds);
}

/// <summary>The hub-backed <see cref="IRosterEvents"/>.</summary>
public sealed class HubRosterEvents(IHubContext<RosterHub> hub) : IRosterEvents
{
    public Task RunProgressAsync(Guid agencyId, RunProgressMessage progress) =>
        hub.Clients.Group(RosterHub.DispatchGroup(agencyId)).SendAsync("runProgress", progress);

    public Task WeekChangedAsync(Guid agencyId, DateOnly weekStart) =>
        hub.Clients.Group(RosterHub.DispatchGroup(agencyId)).SendAsync("weekChanged", weekStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    public async Task PublishedAsync(Guid agencyId, DateOnly weekStart, IReadOnlyCollection<Guid> caregiverIds)
    {
        var week = weekStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await hub.Clients.Group(RosterHub.DispatchGroup(agencyId)).SendAsync("weekChanged", week);
        foreach (var caregiver in caregiverIds)
        {
            await hub.Clients.Group(RosterHub.CaregiverGroup(caregiver)).SendAsync("scheduleChanged", week);
        }
    }
}

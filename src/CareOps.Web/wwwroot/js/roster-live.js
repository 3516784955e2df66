// Live roster events for a Blazor page: the browser joins the roster hub with its own sign-in cookie (so a second
// node, with the backplane, reaches it too) and hands each event to the component's .NET object.
export function connect(dotnet, events) {
    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/roster')
        .withAutomaticReconnect({
            // Never give up: a caregiver's phone may be without signal for an hour on a ferry.
            nextRetryDelayInMilliseconds: c => [0, 1000, 2000, 5000, 10000][c.previousRetryCount] ?? 30000,
        })
        .build();
    for (const name of events) {
        connection.on(name, payload => dotnet.invokeMethodAsync('OnHubEvent', name, JSON.stringify(payload)));
    }
    connection.onreconnected(() => dotnet.invokeMethodAsync('OnHubEvent', 'reconnected', '{}'));
    const started = connection.start().catch(() => { /* the page also re-reads on its own timer */ });
    return {
        stop: async () => { await started; await connection.stop(); },
    };
}

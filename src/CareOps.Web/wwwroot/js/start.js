// Starts Blazor with a circuit that keeps trying to come back (a caregiver on a ferry can be offline for an hour):
// quick retries first, then every 10 s, without end. The connection banner in App.razor shows meanwhile; its button,
// and the browser coming back online, retry at once.
(function () {
    Blazor.start({
        circuit: {
            reconnectionOptions: {
                maxRetries: 1000000,
                retryIntervalMilliseconds: previous => (previous < 5 ? 1000 : previous < 20 ? 3000 : 10000),
            },
        },
    });
    const retry = () => {
        // Only while the banner shows: there is a circuit to bring back.
        const banner = document.getElementById('components-reconnect-modal');
        if (!banner || getComputedStyle(banner).display === 'none' || !Blazor.reconnect) return;
        try { Promise.resolve(Blazor.reconnect()).catch(() => { }); } catch { /* the periodic retries go on */ }
    };
    document.getElementById('components-reconnect-button')?.addEventListener('click', retry);
    window.addEventListener('online', retry);
})();

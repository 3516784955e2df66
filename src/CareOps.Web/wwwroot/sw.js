// The caregiver's offline pages (ADR 0010). Pages under /my/ are fetched from the network first and kept, so the
// schedule and the visit pages she opened (and those the schedule asks to keep) open again without signal; scripts,
// styles and fonts are kept as fetched. The API, the hubs and the circuit never go through the cache: captures are
// queued by the page itself (phone-outbox.js), not here. Sign-out empties the cache ('purge').
const PAGES = 'careops-pages-v1';
const ASSETS = 'careops-assets-v1';
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil((async () => {
    for (const name of await caches.keys()) {
        if (name !== PAGES && name !== ASSETS) await caches.delete(name);
    }
    await self.clients.claim();
})()));

function isAsset(url) {
    return /^\/(_framework|_content|lib|js|icons)\//.test(url.pathname) || /\.(css|js|woff2?|png|svg|webmanifest)$/.test(url.pathname);
}

function isPage(url) {
    return url.pathname.startsWith('/my/');
}

async function networkFirst(request) {
    const cache = await caches.open(PAGES);
    try {
        const response = await Promise.race([
            fetch(request),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS)),
        ]);
        // Keep only her own page as she saw it: never a sign-in page she was redirected to, never an error.
        if (response.ok && !response.redirected) await cache.put(request, response.clone());
        return response;
    } catch {
        const cached = await cache.match(request);
        if (cached) return cached;
        return new Response('<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>CareOps</title>'
            + '<p style="font:16px sans-serif;padding:16px">现在没有网络，这个页面还没有保存在手机上。请回到“我的排班”，有信号后再打开。<br>'
            + 'No signal, and this page is not kept on the phone yet. Go back to your schedule and open it again when there is signal.</p>'
            + '<p style="font:16px sans-serif;padding:16px"><a href="/my/schedule">我的排班 / My schedule</a></p>',
            { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
}

async function cacheFirst(request) {
    const cache = await caches.open(ASSETS);
    const cached = await cache.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
}

self.addEventListener('fetch', event => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== self.location.origin) return;
    if (request.mode === 'navigate' && isPage(url)) {
        event.respondWith(networkFirst(request));
    } else if (request.mode !== 'navigate' && isAsset(url) && !url.pathname.startsWith('/api/')) {
        event.respondWith(cacheFirst(request));
    }
});

self.addEventListener('message', event => {
    const message = event.data ?? {};
    if (message.type === 'keep' && Array.isArray(message.urls)) {
        // The schedule asks to keep the visit pages of the coming days, so they open on an island without signal.
        event.waitUntil((async () => {
            const cache = await caches.open(PAGES);
            for (const path of message.urls.slice(0, 60)) {
                const url = new URL(path, self.location.origin);
                if (url.origin !== self.location.origin || !isPage(url)) continue;
                try {
                    const response = await fetch(url, { credentials: 'same-origin' });
                    if (response.ok && !response.redirected) await cache.put(url, response);
                } catch { /* offline: try again on the next visit to the schedule */ }
            }
        })());
    } else if (message.type === 'purge') {
        event.waitUntil(caches.delete(PAGES));
    }
});

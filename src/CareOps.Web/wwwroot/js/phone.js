// On every page: installs the service worker (the caregiver's offline pages, ADR 0010), and on her pages under /my/
// marks visits whose captures are still on the phone as "待同步" (data-status="PendingSync"), keeps the visit pages of
// the schedule for offline use, and sends the queue when there is signal.
const onPhonePage = () => location.pathname.startsWith('/my/');

if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => { /* no offline pages in this browser */ });
}

// Signing in or out empties the kept pages: they hold her clients' names and addresses.
document.addEventListener('submit', event => {
    const action = event.target?.getAttribute?.('action') ?? '';
    if (action.includes('/account/logout') || action.includes('/account/login')) {
        navigator.serviceWorker?.controller?.postMessage({ type: 'purge' });
    }
}, true);

let outbox;
async function queue() {
    outbox ??= await import('./phone-outbox.js');
    return outbox;
}

let kept = '';
async function markAndKeep() {
    if (!onPhonePage()) return;
    const chips = document.querySelectorAll('.visit-status-chip[data-visit-id]');
    if (chips.length > 0) {
        const waiting = await (await queue()).visitsWithPending();
        for (const chip of chips) {
            const id = chip.dataset.visitId;
            if (waiting.has(id)) {
                chip.dataset.serverStatus ??= chip.dataset.status;
                chip.dataset.status = 'PendingSync';
            } else if (chip.dataset.status === 'PendingSync' && chip.dataset.serverStatus) {
                chip.dataset.status = chip.dataset.serverStatus;
            }
        }
    }
    const links = [...new Set([...document.querySelectorAll('a[href^="/my/visits/"]')].map(a => a.getAttribute('href')))];
    const key = links.join('|');
    if (links.length > 0 && key !== kept && navigator.serviceWorker?.controller) {
        kept = key;
        navigator.serviceWorker.controller.postMessage({ type: 'keep', urls: links });
    }
}

let scheduled = false;
function soon() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => { scheduled = false; markAndKeep(); }, 300);
}

new MutationObserver(soon).observe(document.documentElement, { childList: true, subtree: true });
soon();

async function push() {
    if (!onPhonePage() || document.getElementById('visit')) return; // the visit page sends its own queue
    const q = await queue();
    if ((await q.pending()).length > 0) {
        await q.sync();
        markAndKeep();
    }
}
window.addEventListener('online', push);
setInterval(push, 15000);
push();

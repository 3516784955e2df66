// The visit page on the caregiver's phone (ADR 0010). The page is rendered by the server without a circuit, so it
// keeps working without signal: every button writes to the offline queue (phone-outbox.js) and the page redraws from
// the server's last word on the visit plus what is still queued. Nothing here needs Blazor.
import { enqueue, pending, known, remember, sync } from './phone-outbox.js';

const root = document.getElementById('visit');
const data = JSON.parse(document.getElementById('visit-data').textContent);
const visitId = data.visit.id;
const t = data.strings;
const $ = id => root.querySelector(`[data-testid="${id}"]`);
const clockFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
let localMessage = null;

function format(text, ...args) {
    return text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

function hhmm(iso) {
    return iso ? clockFormat.format(new Date(iso)) : '';
}

function metres(lat1, lon1, lat2, lon2) {
    const r = 6371008.8, rad = Math.PI / 180;
    const a = Math.sin((lat2 - lat1) * rad / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin((lon2 - lon1) * rad / 2) ** 2;
    return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}

function locate(timeout) {
    return new Promise(resolve => {
        if (!navigator.geolocation) return resolve(null);
        navigator.geolocation.getCurrentPosition(p => resolve(p.coords), () => resolve(null),
            { enableHighAccuracy: true, timeout, maximumAge: 30000 });
    });
}

/** The server's state with the queued operations applied, as the caregiver expects to see it. */
function overlay(server, ops) {
    const s = { ...server, items: [...(server.items ?? [])] };
    for (const op of ops) {
        if (op.kind === 'checkIn' && s.status === 'Planned') { s.status = 'InProgress'; s.checkInAt = op.capturedAt; }
        if (op.kind === 'checkOut' && s.status === 'InProgress') { s.status = 'Done'; s.checkOutAt = op.capturedAt; }
        if (op.items) s.items = [...op.items];
        if (op.notes !== undefined && op.notes !== null) s.notes = op.notes;
    }
    s.display = ops.length > 0 ? 'PendingSync' : s.status;
    return s;
}

const finished = status => ['Done', 'Verified', 'Flagged', 'Rejected'].includes(status);

async function render() {
    const ops = await pending(visitId);
    const last = await known(visitId);
    const server = last?.state ?? data.visit;
    const s = overlay(server, ops);

    const badge = $('visit-status');
    badge.dataset.status = s.display;
    badge.textContent = t['Phase.' + s.display] ?? s.display;
    $('visit-times').textContent = [
        s.checkInAt ? format(t.checkedInAt, hhmm(s.checkInAt)) : '',
        s.checkOutAt ? format(t.checkedOutAt, hhmm(s.checkOutAt)) : '',
        server.distanceMeters != null && ops.every(o => o.kind !== 'checkIn') ? format(t.distance, Math.round(server.distanceMeters)) : '',
    ].filter(Boolean).join(' · ');
    $('visit-planned').textContent = `${server.date.slice(5)} ${server.plannedStart}`;

    const flags = $('visit-flags');
    const showFlags = ops.length === 0 && (server.flags ?? []).length > 0;
    flags.hidden = !showFlags;
    flags.textContent = showFlags ? format(t.flagged, server.flags.map(f => t['Flag.' + f] ?? f).join('、')) : '';

    for (const box of root.querySelectorAll('[data-testid="visit-item"]')) {
        if (!box.matches(':focus') && !root.dataset.dirty) box.checked = s.items.includes(box.dataset.code);
        box.disabled = s.status === 'Planned';
    }
    const notes = $('visit-notes');
    if (!root.dataset.dirty && document.activeElement !== notes) notes.value = s.notes ?? '';
    notes.disabled = s.status === 'Planned';
    $('visit-checkin').disabled = s.status !== 'Planned';
    $('visit-checkout').disabled = s.status !== 'InProgress';
    $('visit-save').disabled = s.status === 'Planned';
    $('visit-evidence').disabled = s.status === 'Planned';
    $('visit-pending').hidden = ops.length === 0;

    const message = localMessage ?? last?.message ?? null;
    const box = $('visit-message');
    box.hidden = !message;
    box.textContent = message ?? '';
}

function say(text) {
    localMessage = text;
    return render();
}

function reason() {
    return $('visit-reason').value.trim();
}

function checkedItems() {
    return [...root.querySelectorAll('[data-testid="visit-item"]:checked')].map(b => b.dataset.code);
}

async function queue(op) {
    localMessage = null;
    delete root.dataset.dirty;
    await enqueue({ visitId, ...op });
    await render();
    await push();
}

async function push() {
    const outcome = await sync();
    if (outcome === 'signedOut') localMessage = t.signedOut;
    else if (outcome === 'offline' || outcome === 'error') localMessage = null;
    await render();
}

async function currentStatus() {
    return overlay((await known(visitId))?.state ?? data.visit, await pending(visitId)).status;
}

async function checkIn(button) {
    button.disabled = true;
    const position = await locate(10000);
    const why = reason();
    if (!position && !why) {
        $('visit-reason').focus();
        return say(t['Visit.ReasonNoLocation']);
    }
    if (position) {
        const distance = metres(position.latitude, position.longitude, data.home.lat, data.home.lon);
        if (distance > data.geofence && !why) {
            $('visit-reason').focus();
            return say(format(t['Visit.ReasonOutside'], Math.round(distance), data.geofence));
        }
    }
    await queue({
        kind: 'checkIn',
        latitude: position?.latitude ?? null,
        longitude: position?.longitude ?? null,
        accuracy: position?.accuracy ?? null,
        reason: why || null,
    });
}

async function save() {
    const done = finished(await currentStatus());
    if (done && !reason()) {
        $('visit-reason').focus();
        return say(t['Visit.EditReasonNeeded']);
    }
    await queue({ kind: 'save', items: checkedItems(), notes: $('visit-notes').value, reason: done ? reason() : null });
}

async function checkOut(button) {
    button.disabled = true;
    const position = await locate(5000);
    await queue({
        kind: 'checkOut',
        items: checkedItems(),
        notes: $('visit-notes').value,
        latitude: position?.latitude ?? null,
        longitude: position?.longitude ?? null,
        accuracy: position?.accuracy ?? null,
    });
}

async function attach(input) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const type = (file.type || '').split(';')[0];
    const kind = data.evidenceTypes.find(k => k.type === type);
    if (!kind) return say(t['Evidence.WrongType']);
    if (file.size > kind.max) return say(format(t['Evidence.TooLarge'], Math.round(data.maxAudio / 1048576)));
    // The file is kept in the queue as a Blob: it survives a restart and is sent when there is signal.
    await queue({ kind: 'evidence', file, fileName: file.name, type });
    const row = document.createElement('li');
    row.textContent = `${file.name} (${Math.ceil(file.size / 1024)} KB)`;
    $('visit-evidence-list').append(row);
}

root.addEventListener('click', event => {
    const target = event.target.closest('[data-testid]');
    if (!target || target.disabled) return;
    switch (target.dataset.testid) {
        case 'visit-checkin': checkIn(target); break;
        case 'visit-checkout': checkOut(target); break;
        case 'visit-save': save(); break;
    }
});
root.addEventListener('change', event => {
    if (event.target.dataset.testid === 'visit-evidence') attach(event.target);
    if (event.target.dataset.testid === 'visit-item') root.dataset.dirty = '1';
});
root.addEventListener('input', event => {
    if (event.target.dataset.testid === 'visit-notes') root.dataset.dirty = '1';
});

window.addEventListener('online', push);
setInterval(async () => { if ((await pending()).length > 0) await push(); }, 10000);

// Live: a dispatcher's publish that changes her week re-reads this visit (time, cancellation) without a reload.
if (window.signalR) {
    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/roster')
        .withAutomaticReconnect({ nextRetryDelayInMilliseconds: c => Math.min(30000, 1000 * (c.previousRetryCount + 1)) })
        .build();
    const reread = async () => {
        try {
            const response = await fetch(`/api/my/visits/${visitId}`, { credentials: 'same-origin' });
            if (!response.ok) return;
            const state = await response.json();
            const before = (await known(visitId))?.state ?? data.visit;
            await remember(visitId, state, null);
            if (before.date !== state.date || before.plannedStart !== state.plannedStart || before.status !== state.status) {
                localMessage = format(t.changed, state.date.slice(5), state.plannedStart);
            }
            await render();
        } catch { /* offline: the page keeps what it had */ }
    };
    connection.on('scheduleChanged', reread);
    connection.onreconnected(reread);
    connection.start().catch(() => { /* no live push here; the page still works */ });
}

// The page as rendered by the server is newer than what the phone remembered, unless it came from the offline cache.
const previous = await known(visitId);
if (!previous?.state || (previous.at ?? 0) < data.renderedAt) {
    await remember(visitId, data.visit, previous?.message ?? null);
}
await render();
await push();
root.dataset.ready = 'true';

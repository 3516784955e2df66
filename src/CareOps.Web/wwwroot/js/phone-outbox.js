// The phone's offline queue (ADR 0010). Every capture (check-in, save, check-out, evidence) is first written to
// IndexedDB with a key made on the phone, then sent to /api/my/sync (or /api/my/visits/{id}/evidence). The server acts
// on a key once, so sending again after a lost answer, a crash or a restart is always safe; an operation leaves the
// queue only when the server has answered it (applied, duplicate or refused).
import { openDB } from '/lib/idb/index.js';

const SYNC_HEADER = 'X-CareOps-Sync';
let dbPromise;

function db() {
    dbPromise ??= openDB('careops-phone', 1, {
        upgrade(d) {
            d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('visitId', 'visitId');
            d.createObjectStore('visits', { keyPath: 'id' });
        },
    });
    return dbPromise;
}

export function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Queues an operation; returns it with its key. */
export async function enqueue(op) {
    const entry = { id: newKey(), capturedAt: new Date().toISOString(), ...op };
    await (await db()).add('outbox', entry);
    return entry;
}

/** Operations not yet answered by the server, for one visit or all, in capture order. */
export async function pending(visitId) {
    const d = await db();
    const all = visitId ? await d.getAllFromIndex('outbox', 'visitId', visitId) : await d.getAll('outbox');
    return all.sort((a, b) => a.seq - b.seq);
}

export async function visitsWithPending() {
    return new Set((await pending()).map(o => o.visitId));
}

/** The server's last word on a visit (its state, and the sentence of the last refusal). */
export async function known(visitId) {
    return (await (await db()).get('visits', visitId)) ?? null;
}

export async function remember(visitId, state, message) {
    const d = await db();
    const previous = (await d.get('visits', visitId)) ?? { id: visitId };
    await d.put('visits', { ...previous, id: visitId, state: state ?? previous.state, message: message ?? null, at: Date.now() });
}

let running = null;

/**
 * Sends the queue in capture order; resolves to 'done', 'offline' (network down: kept for later), 'signedOut' or
 * 'error' (server trouble: kept for later). One sync at a time per page (and per phone where Web Locks exist).
 */
export function sync() {
    running ??= (navigator.locks ? navigator.locks.request('careops-sync', drain) : drain()).finally(() => { running = null; });
    return running;
}

async function drain() {
    for (;;) {
        const ops = await pending();
        if (ops.length === 0) return 'done';
        const head = ops[0];
        let outcome;
        if (head.kind === 'evidence') {
            outcome = await sendEvidence(head);
        } else {
            const batch = [];
            for (const op of ops) {
                if (op.kind === 'evidence' || batch.length === 50) break;
                batch.push(op);
            }
            outcome = await sendBatch(batch);
        }
        if (outcome !== 'ok') return outcome;
    }
}

async function post(url, init) {
    try {
        return await fetch(url, { method: 'POST', credentials: 'same-origin', ...init });
    } catch {
        return null; // offline, or the connection dropped: the operations stay queued
    }
}

async function sendBatch(batch) {
    const body = {
        sentAt: new Date().toISOString(),
        ops: batch.map(({ seq, ...op }) => op),
    };
    const response = await post('/api/my/sync', {
        headers: { 'Content-Type': 'application/json', [SYNC_HEADER]: '1' },
        body: JSON.stringify(body),
    });
    const verdict = status(response);
    if (verdict !== 'ok') return verdict;
    const { results } = await response.json();
    const d = await db();
    for (const op of batch) {
        const result = results.find(r => r.id === op.id);
        if (!result) continue;
        await remember(op.visitId, result.visit, result.state === 'refused' ? result.message : null);
        await d.delete('outbox', op.seq);
    }
    return 'ok';
}

async function sendEvidence(op) {
    const form = new FormData();
    form.append('key', op.id);
    form.append('file', op.file, op.fileName || 'evidence');
    const response = await post(`/api/my/visits/${op.visitId}/evidence`, { headers: { [SYNC_HEADER]: '1' }, body: form });
    const verdict = status(response);
    if (verdict === 'refused') {
        const { message } = await response.json().catch(() => ({ message: null }));
        await remember(op.visitId, null, message);
        await (await db()).delete('outbox', op.seq);
        return 'ok';
    }
    if (verdict !== 'ok') return verdict;
    const evidence = await response.json();
    const previous = await known(op.visitId);
    await remember(op.visitId, previous?.state ?? null, null);
    await (await db()).delete('outbox', op.seq);
    document.dispatchEvent(new CustomEvent('careops:evidence', { detail: { visitId: op.visitId, evidence } }));
    return 'ok';
}

function status(response) {
    if (!response) return 'offline';
    if (response.status === 401) return 'signedOut';
    if (response.ok) return 'ok';
    // A refusal of the request itself (bad input, too large) will not change by retrying it.
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) return 'refused';
    return 'error';
}

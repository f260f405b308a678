import { RIGHTS_KINDS, signDeviceProof } from '@artgrad/receipt';
import { deviceKey } from '../device-key.js';
import { ConsentError } from '../errors.js';
import { withLock } from '../locks.js';
import type { ConsentStore } from '../store.js';
import type { RequestEntry, RightsRequestStatus } from './request-entry.js';

/** A read that proves the device key (`Authorization: DeviceProof …`), bounded in time; an HTTP error is `SYNC`. */
async function provenGet(store: ConsentStore, dbName: string, endpoint: string, path: string): Promise<Response> {
  const key = await withLock(`artgrad-consent:chain:${dbName}`, () => deviceKey(store));
  const response = await fetch(`${endpoint}${path}`, {
    headers: { authorization: `DeviceProof ${await signDeviceProof({ method: 'GET', path }, key!.privateKey, key!.jwk)}` },
    credentials: 'omit',
    signal: AbortSignal.timeout?.(30_000),
  });
  if (!response.ok) throw new ConsentError('SYNC', `GET ${path}: HTTP ${response.status}`);
  return response;
}

/** A request as `requests()` gives it. */
export function statusOf(entry: RequestEntry): RightsRequestStatus {
  return {
    id: entry.id,
    kind: entry.kind,
    item: RIGHTS_KINDS[entry.kind],
    state: entry.sent === 'pending' ? 'pending' : entry.sent === 'rejected' ? 'rejected' : (entry.status ?? 'received'),
    requestedAt: new Date(entry.time).toISOString(),
    ...(entry.receivedAt ? { receivedAt: entry.receivedAt } : {}),
    ...(entry.dueDay ? { dueDay: entry.dueDay, dueBy: entry.dueBy!, provisional: entry.provisional === true } : {}),
    ...(entry.ack ? { ack: entry.ack } : {}),
    events: entry.events ?? [],
    ...(entry.error ? { error: entry.error } : {}),
  };
}

/**
 * Asks the receiver where this device's requests stand, proving the device key (nobody else can
 * read them), and keeps what it says. Returns the ids whose status, due date or events changed.
 * Offline, or with a backend that does not know requests, the stored statuses stand.
 */
export async function refreshRequests(store: ConsentStore, dbName: string, endpoint: string): Promise<string[]> {
  const local = await store.requests();
  if (!local.some((r) => r.sent === 'acknowledged')) return [];
  const body = (await (await provenGet(store, dbName, endpoint, '/rights-requests')).json()) as { requests?: Record<string, any>[] };
  const changed: string[] = [];
  for (const remote of body.requests ?? []) {
    const entry = local.find((r) => r.id === remote.id);
    if (!entry) continue;
    const next: RequestEntry = { ...entry, status: remote.status, dueDay: remote.dueDay, dueBy: remote.dueBy, events: remote.events ?? [] };
    if (JSON.stringify([entry.status, entry.dueDay, entry.events ?? []]) === JSON.stringify([next.status, next.dueDay, next.events])) continue;
    await store.putRequest(next);
    changed.push(entry.id);
  }
  return changed;
}

/** Downloads an answer's attachment, proving the device key. */
export async function fetchAnswer(store: ConsentStore, dbName: string, endpoint: string, path: string): Promise<Blob> {
  if (!/^\/rights-requests\/[0-9a-f-]{36}\/events\/\d{1,15}\/attachment$/.test(path)) throw new ConsentError('REQUEST_INVALID', 'not an answer of this device');
  return (await provenGet(store, dbName, endpoint, path)).blob();
}

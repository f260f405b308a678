// Rights requests (policy item 23) in real Chromium: signed with the device key in IndexedDB,
// sent once through the outbox's sync pass, retried, kept when refused, read back with a proof.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { verifyDeviceProof, verifyRightsRequest } from '@artgrad/receipt';
import { ConsentError, consentInternals, createConsent, type RightsRequestStatus } from '@artgrad/sdk';

const uniqueDb = () => `test-${crypto.randomUUID()}`;

/** A receiver at its own origin, through a stubbed `fetch`: what it got, and how it answers. */
function fakeReceiver() {
  const endpoint = `https://${crypto.randomUUID()}.test/api`;
  const state = { answer: 'ok' as 'ok' | '503' | '422', posted: [] as Record<string, string>[], reads: [] as string[], status: 'received' };
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (!url.startsWith(endpoint)) return realFetch(input, init);
    const path = url.slice(endpoint.length);
    if (path === '/config') return new Response('', { status: 404 });
    if (path === '/rights-requests' && init?.method === 'POST') {
      if (state.answer === '503') return new Response('{}', { status: 503 });
      const body = JSON.parse(String(init.body));
      if (state.answer === '422') return Response.json({ error: { code: 'RECEIPT_SCHEMA', message: 'no' } }, { status: 422 });
      state.posted.push(body);
      const { payload } = await verifyRightsRequest(body.request, { now: Date.now() });
      return Response.json({ status: 'stored', id: payload.requestId, ack: 'ack.jws.sig', receivedAt: new Date().toISOString(), dueDay: '2026-12-10', dueBy: '2026-12-10T18:59:59.999Z', provisional: false }, { status: 201 });
    }
    if (path === '/rights-requests') {
      const proof = new Headers(init?.headers).get('authorization')!.replace('DeviceProof ', '');
      state.reads.push((await verifyDeviceProof(proof, { method: 'GET', path: '/rights-requests', now: Date.now() })).kid);
      const ids = state.posted.map((b) => JSON.parse(atob(b.request!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).requestId);
      return Response.json({ requests: ids.map((id) => ({ id, status: state.status, dueDay: '2026-12-10', dueBy: '2026-12-10T18:59:59.999Z', events: state.status === 'refused' ? [{ seq: 1, type: 'refused', at: new Date().toISOString(), text: 'no grounds' }] : [] })) });
    }
    return new Response('{}', { status: 404 });
  });
  return { endpoint, state };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Files a request through a real, trusted click on a control 700 ms after its "step" showed. */
async function file(api: ReturnType<typeof createConsent>, kind: 'access' | 'correction', details?: string, replyTo?: string) {
  const button = document.createElement('button');
  button.textContent = 'confirm';
  document.body.append(button);
  let filed: Promise<{ verdict: string; request?: RightsRequestStatus }> | null = null;
  button.addEventListener(
    'click',
    (event) => {
      filed = consentInternals(api).fileRequest({ event, control: button, stepShownAt: performance.now() - 700 }, { kind, details: details ?? null, replyTo: replyTo ?? null }, 'kk');
      // Awaited below, after the click settles: not an unhandled rejection meanwhile.
      filed.catch(() => undefined);
    },
    { once: true },
  );
  await userEvent.click(button);
  button.remove();
  return (await filed)!;
}

describe('rights requests', () => {
  it('are signed by the device key, sent once with the details and reply address beside them, and acknowledged', async () => {
    const { endpoint, state } = fakeReceiver();
    const api = createConsent({ mode: 'development', dbName: uniqueDb(), endpoint });
    const events: RightsRequestStatus[][] = [];
    api.on('requests', (list) => events.push([...list]));
    const { verdict, request } = await file(api, 'correction', 'Мекенжайым өзгерді', 'aigul@example.kz');
    expect(verdict).toBe('ok');
    expect(request).toMatchObject({ kind: 'correction', item: '23.2', state: 'pending' });
    await expect.poll(() => events.at(-1)?.[0]?.state).toBe('received');
    expect(events.at(-1)![0]).toMatchObject({ dueDay: '2026-12-10', ack: 'ack.jws.sig' });
    expect(state.posted).toHaveLength(1);
    const [body] = state.posted;
    expect(body).toMatchObject({ details: 'Мекенжайым өзгерді', replyTo: 'aigul@example.kz' });
    const { payload, kid } = await verifyRightsRequest(body!.request!, { now: Date.now() });
    expect(payload).toMatchObject({ kind: 'correction', item: '23.2', prev: null });
    expect(body!.request).not.toContain(btoa('aigul'));
    // A second request chains to the first; nothing already acknowledged is sent again.
    await file(api, 'access');
    await expect.poll(() => state.posted.length).toBe(2);
    await api.flush();
    expect(state.posted).toHaveLength(2);
    const second = await verifyRightsRequest(state.posted[1]!.request!, { now: Date.now() });
    expect(second.kid).toBe(kid);
    expect(second.payload.prev).not.toBeNull();
    // Read back with a proof of the same key; a status change fires the event.
    state.status = 'refused';
    const list = await api.requests();
    expect(state.reads.at(-1)).toBe(kid);
    expect(list.map((r) => r.state)).toEqual(['refused', 'refused']);
    expect(list[0]!.events[0]).toMatchObject({ type: 'refused', text: 'no grounds' });
    expect(events.at(-1)!.map((r) => r.state)).toEqual(['refused', 'refused']);
  });

  it('a receiver down keeps the request pending and sends it once it is back; one refused is kept, marked and reported', async () => {
    const { endpoint, state } = fakeReceiver();
    state.answer = '503';
    const api = createConsent({ mode: 'development', dbName: uniqueDb(), endpoint });
    const errors: ConsentError[] = [];
    api.on('error', (e) => errors.push(e));
    await file(api, 'access');
    await api.flush();
    expect((await api.requests()).map((r) => r.state)).toEqual(['pending']);
    state.answer = 'ok';
    await api.flush();
    expect((await api.requests()).map((r) => r.state)).toEqual(['received']);
    expect(state.posted).toHaveLength(1);
    state.answer = '422';
    await file(api, 'access');
    await api.flush();
    expect((await api.requests()).map((r) => r.state)).toEqual(['rejected', 'received']);
    expect(errors.map((e) => e.code)).toContain('REQUEST_REJECTED');
  });

  it('a request left pending when its page went goes on the next page by itself, with no decision or read to carry it', async () => {
    // Page one's receiver stays down; page two, the same device, has one that answers.
    const first = fakeReceiver();
    first.state.answer = '503';
    const dbName = uniqueDb();
    const one = createConsent({ mode: 'development', dbName, endpoint: first.endpoint });
    await file(one, 'access');
    await one.flush();
    const second = fakeReceiver();
    createConsent({ mode: 'development', dbName, endpoint: second.endpoint });
    await expect.poll(() => second.state.posted.length, { timeout: 5_000 }).toBe(1);
    expect(first.state.posted).toEqual([]);
  });

  it('only a genuine press files one: a script-made event, and an API call without the element, file nothing', async () => {
    const { endpoint, state } = fakeReceiver();
    const api = createConsent({ mode: 'development', dbName: uniqueDb(), endpoint });
    const button = document.createElement('button');
    const outcome = await consentInternals(api).fileRequest({ event: new MouseEvent('click'), control: button, stepShownAt: 0 }, { kind: 'access' }, 'kk');
    expect(outcome).toEqual({ verdict: 'untrusted' });
    await expect(api.request('access')).rejects.toMatchObject({ code: 'REQUEST_UNAVAILABLE' });
    await api.flush();
    expect(state.posted).toEqual([]);
    expect(await api.requests()).toEqual([]);
  });

  it('refuses what cannot be sent, before signing: a correction without text, a bad reply address', async () => {
    const { endpoint } = fakeReceiver();
    const api = createConsent({ mode: 'development', dbName: uniqueDb(), endpoint });
    await expect(file(api, 'correction')).rejects.toMatchObject({ code: 'REQUEST_INVALID' });
    await expect(file(api, 'access', undefined, 'not an address')).rejects.toMatchObject({ code: 'REQUEST_INVALID' });
    expect(await api.requests()).toEqual([]);
  });
});

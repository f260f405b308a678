import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyCountersignature, verifyReceipt, verifyRightsAck } from '@artgrad/receipt';
import { createDevice, type Device } from './fixtures/device.js';
import { ADMIN, ADMIN_2, createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

/** An instant given as Almaty wall-clock time. */
const almaty = (local: string) => Date.parse(`${local}+05:00`);

describe.each(STORE_KINDS)('rights requests ($name)', (kind) => {
  let h: Harness;
  const warnings: string[] = [];
  beforeEach(async () => {
    warnings.length = 0;
    h = await createHarness(kind, { logger: { info: (m) => warnings.push(m), error: (_m, e) => h.errors.push(e) } });
    h.clock.now = almaty('2026-06-15T10:00');
  });
  afterEach(async () => {
    await h.dispose();
    expect(h.errors).toEqual([]);
  });

  const send = async (device: Device, body: Parameters<Device['rightsRequest']>, headers: Record<string, string> = {}) =>
    h.postJson('/rights-requests', await device.rightsRequest(body[0], { ...body[1], input: { nowMs: h.clock.now!, ...body[1]?.input } }), headers);
  const own = async (device: Device) =>
    (await (await h.app.request('/rights-requests', { headers: { authorization: await device.prove('GET', '/rights-requests', h.clock.now) } })).json()) as {
      requests: Record<string, any>[];
    };
  const jwks = async () => ((await (await h.app.request('/.well-known/jwks.json')).json()) as { keys: JsonWebKey[] }).keys;
  const act = (id: string, action: string, body: unknown, token = ADMIN.token) =>
    h.admin(`/admin/rights-requests/${id}/${action}`, { method: 'POST', body: JSON.stringify(body) }, token);

  it('stores a request and countersigns its receipt time and due date in Kazakh working days; the same request again gets the same acknowledgement', async () => {
    const device = await createDevice();
    const body = await device.rightsRequest('access', { extra: { replyTo: '8 701 234 56 78' }, input: { nowMs: h.clock.now! } });
    const first = await h.postJson('/rights-requests', body);
    expect(first.status).toBe(201);
    const ack = (await first.json()) as Record<string, any>;
    // Received Monday 15 June 2026: three working days, the day of receipt not counted.
    expect(ack).toMatchObject({ status: 'stored', dueDay: '2026-06-18', dueBy: '2026-06-18T18:59:59.999Z', provisional: false });
    const signed = await verifyRightsAck(ack.ack, await jwks(), body.request);
    expect(signed).toMatchObject({ kind: 'access', kid: device.kid, receivedDay: '2026-06-15', dueDay: '2026-06-18', items: ['26.6', '26.7'], workingDays: 3 });
    const again = await h.postJson('/rights-requests', body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate', ack: ack.ack });
    // The reply address is normalised, kept beside the request, and never in anything signed.
    const detail = (await (await h.admin(`/admin/rights-requests/${ack.id}`)).json()) as Record<string, any>;
    expect(detail.personal).toEqual({ replyTo: '+77012345678', details: null, subjectId: null, subjectVerified: false });
    expect(Buffer.from(body.request.split('.')[1]!, 'base64url').toString()).not.toContain('7012345678');
    expect(Buffer.from(ack.ack.split('.')[1], 'base64url').toString()).not.toContain('7012345678');
  });

  it('refuses, with a code each, what it cannot take, and stores nothing for it', async () => {
    const device = await createDevice();
    const ok = await device.rightsRequest('correction', { details: 'Менің телефон нөмірім өзгерді', input: { nowMs: h.clock.now! } });
    const cases: [unknown, number, string][] = [
      [{ ...ok, details: 'something else' }, 422, 'DETAILS_MISMATCH'],
      [{ request: ok.request }, 422, 'DETAILS_MISMATCH'],
      [{ ...ok, replyTo: 'not an address' }, 400, 'REPLY_TO_INVALID'],
      [{ ...ok, replyTo: `${'a'.repeat(250)}@x.kz` }, 400, 'REPLY_TO_INVALID'],
      [{ ...ok, subjectId: 'a b' }, 400, 'INVALID_REQUEST'],
      [{ ...ok, note: 'x' }, 400, 'INVALID_REQUEST'],
      [{ ...ok, details: 'x'.repeat(2001) }, 400, 'DETAILS_INVALID'],
      [{ request: (await createDevice()).kid }, 422, 'RECEIPT_MALFORMED'],
      [{ request: await device.sign() }, 422, 'RECEIPT_MALFORMED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await h.postJson('/rights-requests', body);
      expect([response.status, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([status, code]);
    }
    const twin = await h.postJson('/rights-requests', { ...ok, request: (await import('./fixtures/device.js')).twinOf(ok.request) });
    expect(twin.status).toBe(422);
    expect(((await twin.json()) as any).error.code).toBe('RECEIPT_SIGNATURE');
    const noDetails = await send(device, ['correction']);
    expect(((await noDetails.json()) as any).error.code).toBe('DETAILS_REQUIRED');
    const future = await send(device, ['access', { input: { nowMs: h.clock.now! + 3_600_000 } }]);
    expect([future.status, ((await future.json()) as any).error.code]).toEqual([409, 'RECEIPT_FUTURE']);
    expect((await own(device)).requests).toEqual([]);
    // The genuine one still goes in.
    expect((await h.postJson('/rights-requests', ok)).status).toBe(201);
  });

  it('a copy of a shopper\'s request re-signed by another key is refused (REQUEST_PRINCIPAL), and the shopper\'s own is stored', async () => {
    const shopper = await createDevice();
    const thief = await createDevice();
    const own = await shopper.rightsRequest('access', { extra: { replyTo: 'aigul@example.kz' }, input: { nowMs: h.clock.now! } });
    const payload = JSON.parse(Buffer.from(own.request.split('.')[1]!, 'base64url').toString());
    // Same payload (the shopper's principal and request id), the thief's key, the thief's address.
    const copy = await thief.rightsRequest('access', { extra: { replyTo: 'thief@example.kz' }, input: { nowMs: h.clock.now!, principalId: payload.principalId, requestId: payload.requestId } });
    const refused = await h.postJson('/rights-requests', copy);
    expect([refused.status, ((await refused.json()) as any).error.code]).toEqual([422, 'REQUEST_PRINCIPAL']);
    expect((await h.postJson('/rights-requests', own)).status).toBe(201);
    // A customer id is the signer's only when a receipt of its key carries it.
    const claimed = await thief.rightsRequest('access', { input: { nowMs: h.clock.now!, principalId: 'cust-42' } });
    expect(((await (await h.postJson('/rights-requests', claimed)).json()) as any).error.code).toBe('REQUEST_PRINCIPAL');
    h.clock.now = undefined;
    await results(await h.post([await thief.sign({ event: 'identified', subjectId: 'cust-42' } as never)]));
    h.clock.now = almaty('2026-06-15T10:00');
    const proved = await thief.rightsRequest('access', { input: { nowMs: h.clock.now!, principalId: 'cust-42' } });
    expect((await h.postJson('/rights-requests', proved)).status).toBe(201);
  });

  it('a device reads its own requests with a proof of its key, and nobody else can', async () => {
    const mine = await createDevice();
    const other = await createDevice();
    const { id } = (await (await send(mine, ['blocking'])).json()) as { id: string };
    expect((await h.app.request('/rights-requests')).status).toBe(401);
    const forged = await h.app.request('/rights-requests', { headers: { authorization: await mine.prove('GET', '/rights-requests', h.clock.now! - 600_000) } });
    expect([forged.status, ((await forged.json()) as any).error.code]).toEqual([401, 'PROOF_INVALID']);
    expect((await own(other)).requests).toEqual([]);
    // A proof made for another read (or another method) is no proof for this one: not replayable across paths.
    const elsewhere = await h.app.request('/rights-requests', { headers: { authorization: await mine.prove('GET', `/receipts/${id}`, h.clock.now) } });
    expect([elsewhere.status, ((await elsewhere.json()) as any).error.code]).toEqual([401, 'PROOF_INVALID']);
    const posted = await h.app.request('/rights-requests', { headers: { authorization: await mine.prove('POST', '/rights-requests', h.clock.now) } });
    expect(posted.status).toBe(401);
    const [request] = (await own(mine)).requests;
    expect(request).toMatchObject({ id, kind: 'blocking', item: '23.3', status: 'received', dueDay: '2026-06-16', events: [] });
    expect(JSON.stringify(request)).not.toContain(ADMIN.name);
  });

  it('queues requests by due date, marks overdue and due today (not only by colour), filters by kind and status, and exports CSV', async () => {
    const device = await createDevice();
    const ids: Record<string, string> = {};
    for (const [k, at] of [
      ['access', '2026-06-15T10:00'], // due Thu 18
      ['destruction', '2026-06-16T10:00'], // due Wed 17
      ['correction', '2026-06-17T09:00'], // due Thu 18
    ] as const) {
      h.clock.now = almaty(at);
      ids[k] = ((await (await send(device, [k, k === 'correction' ? { details: 'address' } : {}])).json()) as { id: string }).id;
    }
    h.clock.now = almaty('2026-06-18T12:00');
    const queue = (await (await h.admin('/admin/rights-requests')).json()) as { items: Record<string, any>[] };
    // By due date; the request id breaks a tie (so pages never overlap).
    const tie = [ids.access!, ids.correction!].sort();
    expect(queue.items.map((i) => [i.id, i.dueDay, i.overdue, i.dueToday])).toEqual([
      [ids.destruction, '2026-06-17', true, false],
      [tie[0], '2026-06-18', false, true],
      [tie[1], '2026-06-18', false, true],
    ]);
    const overdue = (await (await h.admin('/admin/rights-requests?status=overdue')).json()) as { items: { id: string }[] };
    expect(overdue.items.map((i) => i.id)).toEqual([ids.destruction]);
    const access = (await (await h.admin('/admin/rights-requests?kind=access&status=due-today')).json()) as { items: { id: string }[] };
    expect(access.items.map((i) => i.id)).toEqual([ids.access]);
    const paged = (await (await h.admin('/admin/rights-requests?limit=2')).json()) as { items: { id: string }[]; nextCursor: string };
    const rest = (await (await h.admin(`/admin/rights-requests?limit=2&cursor=${paged.nextCursor}`)).json()) as { items: { id: string }[]; nextCursor: null };
    expect([...paged.items, ...rest.items].map((i) => i.id)).toEqual(queue.items.map((i) => i.id));
    expect(rest.nextCursor).toBeNull();
    const csv = await (await h.admin('/admin/rights-requests/export.csv?status=open')).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,kind,item,status,received_at,received_day,due_day,due_by,extended,provisional,met,overdue,due_today');
    expect(lines[1]).toContain(`${ids.destruction},destruction,23.4,received,`);
    expect(lines[1]!.endsWith(',false,false,true,false')).toBe(true);
    expect((await h.admin('/admin/rights-requests', {}, 'wrong-token-0123456789')).status).toBe(401);
    expect((await h.admin('/admin/rights-requests?status=late')).status).toBe(400);
  });

  it('records each action with the admin token name and time: refuse needs a reason, extend a legal basis, and a closed request takes no more', async () => {
    const device = await createDevice();
    const { id } = (await (await send(device, ['access'])).json()) as { id: string };
    const noReason = await act(id, 'refuse', { reason: '  ' });
    expect([noReason.status, ((await noReason.json()) as any).error.code]).toEqual([400, 'REASON_REQUIRED']);
    const noBasis = await act(id, 'extend', { workingDays: 2 });
    expect(((await noBasis.json()) as any).error.code).toBe('LEGAL_BASIS_REQUIRED');
    h.clock.now = almaty('2026-06-16T11:00');
    const extended = (await (await act(id, 'extend', { workingDays: 2, legalBasis: 'Law 94-V art. …' }, ADMIN_2.token)).json()) as Record<string, any>;
    expect(extended).toMatchObject({ dueDay: '2026-06-22', originalDueDay: '2026-06-18', extended: true });
    expect(extended.events).toEqual([{ seq: expect.any(Number), type: 'extended', at: '2026-06-16T06:00:00.000Z', by: ADMIN_2.name, text: 'Law 94-V art. …', dueDay: '2026-06-22' }]);
    const refused = (await (await act(id, 'refuse', { reason: 'Сұраныс иесін анықтау мүмкін болмады' })).json()) as Record<string, any>;
    expect(refused).toMatchObject({ status: 'refused', met: true, overdue: false });
    expect(refused.events.at(-1)).toMatchObject({ type: 'refused', by: ADMIN.name, text: 'Сұраныс иесін анықтау мүмкін болмады' });
    const late = await act(id, 'answer', { text: 'too late' });
    expect([late.status, ((await late.json()) as any).error.code]).toEqual([409, 'REQUEST_CLOSED']);
    const [seen] = (await own(device)).requests;
    expect(seen).toMatchObject({ status: 'refused', dueDay: '2026-06-22' });
    expect(seen!.events.map((e: any) => [e.type, e.text])).toEqual([
      ['extended', 'Law 94-V art. …'],
      ['refused', 'Сұраныс иесін анықтау мүмкін болмады'],
    ]);
    // The events are evidence: the database itself refuses to rewrite them.
    await expect(kind.raw(h.store, "UPDATE rights_request_events SET text = 'x'")).rejects.toThrow(/append-only/);
    await expect(kind.raw(h.store, 'DELETE FROM rights_requests')).rejects.toThrow(/append-only/);
  });

  it('answers an access request in one click: the shopper’s receipts, countersignatures and their verification, downloaded by the device alone', async () => {
    const device = await createDevice();
    h.clock.now = undefined;
    await results(await h.post([await device.sign(), await device.sign({ event: 'withdrawn', decisions: { processing: false } })]));
    h.clock.now = Date.now();
    const { id } = (await (await send(device, ['access'])).json()) as { id: string };
    const answered = (await (await act(id, 'answer', { assemble: true, text: 'Сіздің деректеріңіз қоса беріліп отыр' })).json()) as Record<string, any>;
    expect(answered).toMatchObject({ status: 'answered', met: true });
    const event = answered.events.at(-1);
    expect(event.attachment).toMatchObject({ name: `access-answer-${id}.json`, type: 'application/json' });
    const [seen] = (await own(device)).requests;
    const path = seen!.events[0].attachment.path as string;
    expect((await h.app.request(path)).status).toBe(401);
    const other = await createDevice();
    expect((await h.app.request(path, { headers: { authorization: await other.prove('GET', path, h.clock.now) } })).status).toBe(403);
    const file = await h.app.request(path, { headers: { authorization: await device.prove('GET', path, h.clock.now) } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    const answer = (await file.json()) as Record<string, any>;
    expect(answer.receipts).toHaveLength(2);
    expect(answer.receipts.every((r: any) => r.verification.receipt.ok && r.verification.countersignature.ok)).toBe(true);
    expect(answer.request.verification).toEqual({ request: { ok: true }, ack: { ok: true } });
    expect(answer.chains.gaps).toEqual([]);
    // Anyone can check it again, with the published keys alone.
    for (const r of answer.receipts) {
      await verifyReceipt(r.receipt);
      await verifyCountersignature(r.countersignature, await jwks(), r.receipt);
    }
    expect((await act(id, 'answer', { assemble: true, attachment: { name: 'a.pdf', type: 'application/pdf', base64: 'AAAA' } })).status).toBe(400);
  });

  it('destruction erases what is not proof (reply addresses, free text, customer-id links), keeps the receipts and requests, and says so', async () => {
    const device = await createDevice();
    h.clock.now = undefined;
    await results(await h.post([await device.sign({ event: 'identified', subjectId: 'cust-42' } as never)]));
    h.clock.now = Date.now();
    const correction = (await (await send(device, ['correction', { details: 'Мекенжайым: Абай 10', extra: { replyTo: 'aigul@example.kz', subjectId: 'cust-42' } }])).json()) as { id: string };
    const destruction = (await (await send(device, ['destruction', { extra: { replyTo: 'aigul@example.kz', subjectId: 'cust-42' } }])).json()) as { id: string };
    const before = (await (await h.admin(`/admin/rights-requests/${correction.id}`)).json()) as Record<string, any>;
    expect(before.personal).toMatchObject({ details: 'Мекенжайым: Абай 10', subjectId: 'cust-42', subjectVerified: true });
    const done = (await (await act(destruction.id, 'done', { note: 'erased' })).json()) as Record<string, any>;
    expect(done).toMatchObject({ status: 'done', erased: true, personal: null });
    const erasure = done.events.at(-1).erasure;
    expect(erasure.erased).toEqual({ replyAddresses: 2, details: 1, subjectLinks: 2, requests: 2 });
    expect(erasure.kept).toEqual({ receipts: 1, requests: 2 });
    expect(erasure.why).toMatch(/26\.5/);
    const after = (await (await h.admin(`/admin/rights-requests/${correction.id}`)).json()) as Record<string, any>;
    expect(after).toMatchObject({ personal: null, erased: true, status: 'received' });
    expect(after.jws).toBe(before.jws);
    const rows = await kind.raw(h.store, 'SELECT count(*) AS n FROM rights_request_personal');
    expect(Number(rows[0]!.n)).toBe(0);
    // The shopper sees what was erased and what was kept, and why.
    const seen = (await own(device)).requests.find((r) => r.id === destruction.id)!;
    expect(seen.events.at(-1).erasure.kept.receipts).toBe(1);
    expect((await act(destruction.id, 'done', {})).status).toBe(409);
  });

  it('after an erasure, a resent request stores no personal data again, and a second done erases nothing that came since', async () => {
    const device = await createDevice();
    const personalRows = async () => Number((await kind.raw(h.store, 'SELECT count(*) AS n FROM rights_request_personal'))[0]!.n);
    const correction = await device.rightsRequest('correction', { details: 'Мекенжайым: Абай 10', extra: { replyTo: 'aigul@example.kz' }, input: { nowMs: h.clock.now! } });
    expect(await (await h.postJson('/rights-requests', correction)).json()).toMatchObject({ status: 'stored' });
    const destruction = (await (await send(device, ['destruction', {}])).json()) as { id: string };
    expect((await act(destruction.id, 'done', {})).status).toBe(200);
    expect(await personalRows()).toBe(0);
    // The SDK's outbox sends the same request again: a duplicate, and its text stays erased.
    expect(await (await h.postJson('/rights-requests', correction)).json()).toMatchObject({ status: 'duplicate' });
    expect(await personalRows()).toBe(0);
    // A new request after the erasure keeps its reply address; done again on the closed request is
    // refused before it plans an erasure, and erases nothing.
    await send(device, ['access', { extra: { replyTo: 'aigul@example.kz' } }]);
    expect(await personalRows()).toBe(1);
    expect(await (await act(destruction.id, 'done', {})).json()).toMatchObject({ error: { code: 'REQUEST_CLOSED' } });
    expect(await personalRows()).toBe(1);
  });

  it('a due date past the calendar is provisional, and the receiver said so at start-up', async () => {
    h.clock.now = almaty('2028-03-20T12:00');
    const late = await createHarness(kind, { now: () => almaty('2028-03-20T12:00'), logger: { info: (m) => warnings.push(m), error: () => {} } });
    try {
      expect(warnings.some((w) => /warning: working-day calendar lists 2026, 2027; due dates in 2028 and 2029 are provisional/.test(w))).toBe(true);
      const device = await createDevice();
      const response = await late.postJson('/rights-requests', await device.rightsRequest('access', { input: { nowMs: almaty('2028-03-20T12:00') } }));
      expect(await response.json()).toMatchObject({ status: 'stored', dueDay: '2028-03-28', provisional: true });
    } finally {
      await late.dispose();
    }
  });
});

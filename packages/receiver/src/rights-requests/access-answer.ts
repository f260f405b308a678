import { ReceiptError, RIGHTS_KINDS, verifyChain, verifyCountersignature, verifyReceipt, verifyRightsAck, verifyRightsRequest, type VerifiedReceipt } from '@artgrad/receipt';
import type { RightsRequestRecord } from './rights-types.js';
import type { Store } from '../store/store.js';
import type { JsonWebKey } from '../webcrypto-types.js';

/** The most receipts one answer verifies and carries: years of a shopper's decisions. */
const MAX_RECEIPTS = 2_000;

/** The device keys whose receipts belong to a request's shopper: its own, and, when a receipt of it proves the customer id, that customer's other devices. */
export async function shopperKids(store: Store, record: RightsRequestRecord): Promise<string[]> {
  const subject = record.personal?.subjectVerified ? record.personal.subjectId : null;
  const others = subject ? await store.kidsIdentifiedAs(subject) : [];
  return [...new Set([record.kid, ...others])];
}

const verdict = async (check: () => Promise<unknown>): Promise<{ ok: true } | { ok: false; code: string; message: string }> => {
  try {
    await check();
    return { ok: true };
  } catch (error) {
    if (error instanceof ReceiptError) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
};

/**
 * The answer to an access request (23.1), assembled in one step: the shopper's receipts with the
 * controller's countersignatures, each verified again now, and their chains (26.5: proof that
 * consent was obtained), with the request and its acknowledgement. A JSON file that anyone can
 * check again with `@artgrad/receipt` and the controller's JWKS.
 */
export async function assembleAccessAnswer(store: Store, record: RightsRequestRecord, jwks: readonly JsonWebKey[], nowMs: number): Promise<Uint8Array> {
  const kids = await shopperKids(store, record);
  const all = (await store.receiptsOfKids(kids)).sort((a, b) => a.iatMs - b.iatMs || a.id.localeCompare(b.id));
  // Past the cap, the newest: they hold the current decisions. The file says how many older ones it left out.
  const stored = all.slice(-MAX_RECEIPTS);
  const verified: VerifiedReceipt[] = [];
  const receipts = [];
  for (const r of stored) {
    const receiptCheck = await verdict(async () => verified.push(await verifyReceipt(r.jws, { now: Math.max(nowMs, r.receivedAtMs), maxFutureSkewSeconds: 86_400 })));
    const counterCheck = await verdict(() => verifyCountersignature(r.countersignature, jwks, r.jws));
    receipts.push({
      id: r.id,
      event: r.event,
      decisions: r.decisions,
      decidedAt: new Date(r.consentTimestamp * 1000).toISOString(),
      receivedAt: new Date(r.receivedAtMs).toISOString(),
      receipt: r.jws,
      countersignature: r.countersignature,
      verification: { receipt: receiptCheck, countersignature: counterCheck },
    });
  }
  const chains = verifyChain(verified);
  const file = {
    format: 'artgrad-access-answer/1',
    generatedAt: new Date(nowMs).toISOString(),
    answers: { requestId: record.id, kind: record.kind, item: RIGHTS_KINDS[record.kind], receivedAt: new Date(record.receivedAtMs).toISOString(), dueDay: record.currentDueDay },
    policyItems: ['23.1', '26.5', '26.6'],
    request: {
      jws: record.jws,
      ack: record.ack,
      verification: {
        request: await verdict(() => verifyRightsRequest(record.jws, { now: Math.max(nowMs, record.receivedAtMs), maxFutureSkewSeconds: 86_400 })),
        ack: await verdict(() => verifyRightsAck(record.ack, jwks, record.jws)),
      },
    },
    devices: kids,
    olderReceiptsLeftOut: all.length - stored.length,
    receipts,
    chains: {
      ordered: chains.ordered.map((chain) => chain.map((r) => r.payload.consentReceiptID)),
      gaps: chains.gaps,
      forks: chains.forks,
    },
    // What the receiver keeps beside the request, as the shopper sent it.
    heldBesideRequest: record.personal,
    controllerKeys: jwks,
    howToVerify: 'Each receipt is an ES256 JWS signed by the device key in its header; each countersignature is signed by a controller key listed here (and at /.well-known/jwks.json). Verify with @artgrad/receipt: verifyReceipt(receipt), verifyCountersignature(countersignature, controllerKeys, receipt).',
  };
  return new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
}

import {
  decodeReceipt,
  ReceiptError,
  verifyChain,
  verifyCountersignature,
  verifyReceipt,
  type ConsentReceiptPayload,
  type VerifiedReceipt,
} from '@artgrad/receipt';
import type { ChainBody } from './api-types.js';

/** One check's outcome: a failure names the verifier's code and message. */
export type Check = { ok: true } | { ok: false; code: string; message: string };

/**
 * How a receipt hangs in its device's chain, as this browser sees it from the receipts that
 * verified: the server's ordering and its gap report are not taken on trust.
 */
export type ChainLink =
  /** First receipt of a device (`prev` null, not claiming to replace a key). */
  | 'genesis'
  /** Follows a verified receipt of the same key. */
  | 'linked'
  /** First receipt of a new key, following a verified receipt of the key it replaced. */
  | 'continues'
  /**
   * A new key (`newKey`) linking to nothing: the SDK writes this when the device's key is gone but
   * its records survive, so it starts that key's chain (as `verifyChain` roots it, no gap).
   */
  | 'restart'
  /** Its `prev` is not among the receipts that verified (missing, or tampered with). */
  | 'gap'
  /** Its own signature failed, so its links mean nothing. */
  | 'unchecked';

export interface ReceiptProof {
  /** The row the server listed; trusted facts are in `payload` only when `signature.ok`. */
  rowId: string;
  jws: string;
  /** Decoded payload: verified when `signature.ok`, otherwise shown as unverified (or null if unreadable). */
  payload: ConsentReceiptPayload | null;
  kid: string | null;
  signature: Check;
  /** `MISSING` when the controller never countersigned it. */
  countersignature: Check & { serverTimeMs?: number };
  chain: ChainLink;
  /** Another verified receipt of the same key has the same `prev`. */
  fork: boolean;
  /** Whether the receipt's policy hash is the one bundled in this console; null when unreadable. */
  policyMatches: boolean | null;
  /** Device signature, controller countersignature bound to this very JWS, and a chain behind it. */
  verified: boolean;
}

/** What the list row the marketer came from says: this receipt, signed by this key, decided so. */
export interface ProofClaim {
  /** The row's receipt id: a consentReceiptID, or `<consentReceiptID>#<kid>` for one stored under a derived id. */
  receiptId: string;
  kid: string;
  /** The row's list: a holder has the purpose granted, a withdrawal has it not granted. Unknown without a list. */
  decision?: { purpose: string; granted: boolean };
}

export type ClaimProblem = 'absent' | 'signature' | 'kid' | 'countersignature' | 'decision';

/**
 * Whether the named receipt proves the row; `index` is its place in `receipts` when it was found
 * (null and ok when no row named one: a device opened from another device's proof).
 */
export type ClaimCheck = { ok: true; index: number | null } | { ok: false; problem: ClaimProblem; index: number | null };

export interface ProofReport {
  receipts: ReceiptProof[];
  verified: number;
  /** Receipts made under another policy hash than the bundled one: genuine, yet not under the text this console shows. */
  stale: number;
  claim: ClaimCheck;
}

export interface BundledPolicy {
  version: string;
  sha256: string;
}

/** Links that put a receipt in a chain; `gap` and `unchecked` do not. */
export const CHAIN_OK: ReadonlySet<ChainLink> = new Set(['genesis', 'linked', 'continues', 'restart']);

const failed = (error: unknown): { ok: false; code: string; message: string } =>
  error instanceof ReceiptError
    ? { ok: false, code: error.code, message: error.message }
    : { ok: false, code: 'ERROR', message: error instanceof Error ? error.message : String(error) };

/**
 * Finds the receipt the row named by what its payload says (the server's row ids are not signed)
 * and checks that it is what the row claims: a chain full of good receipts proves nothing about
 * a row whose own receipt is not among them.
 */
function checkClaim(receipts: readonly ReceiptProof[], claim: ProofClaim): ClaimCheck {
  // The receiver keeps a receipt whose id another key's receipt already holds as `<id>#<kid>`.
  const hash = claim.receiptId.indexOf('#');
  const id = hash < 0 ? claim.receiptId : claim.receiptId.slice(0, hash);
  const idKid = hash < 0 ? claim.kid : claim.receiptId.slice(hash + 1);
  const named = receipts.flatMap((r, index) => (id !== '' && r.payload?.consentReceiptID === id ? [{ r, index }] : []));
  // Two keys may have signed the same id: the one the row claims is the route's key.
  const found = named.find(({ r }) => r.signature.ok && r.kid === claim.kid) ?? named[0];
  if (!found) return { ok: false, problem: 'absent', index: null };
  const { r, index } = found;
  const problem: ClaimProblem | null = !r.signature.ok
    ? 'signature'
    : r.kid !== claim.kid || idKid !== claim.kid
      ? 'kid'
      : !r.countersignature.ok
        ? 'countersignature'
        : claim.decision && r.payload?.decisions?.[claim.decision.purpose] !== claim.decision.granted
          ? 'decision'
          : null;
  return problem ? { ok: false, problem, index } : { ok: true, index };
}

/**
 * Verifies a device's receipts in the browser with `@artgrad/receipt`: each shopper JWS by the
 * key in its header, each countersignature against the controller's JWKS and bound to that JWS,
 * and the `prev` links among the receipts that verified. Nothing the server says about validity
 * is used; its list is only where the JWS strings come from. `claim` is what the list row said,
 * checked against the receipts as they verified here.
 */
export async function verifyProof(chain: ChainBody, controllerJwks: readonly JsonWebKey[], bundled: BundledPolicy, claim: ProofClaim | null, nowMs = Date.now()): Promise<ProofReport> {
  const rows = chain.receipts;
  const verifiedRows = await Promise.all(
    rows.map(async (row): Promise<{ verified?: VerifiedReceipt; check: Check }> => {
      try {
        // Stored receipts passed the receiver's clock check on arrival; this browser's clock may
        // run behind the server's, so only a day ahead of it counts as "from the future" here.
        // A stored receipt in high-S form still proves its device signed it (ingest refuses that form
        // only so that a twin cannot take a receipt's id; receipts stored before may carry it).
        return { verified: await verifyReceipt(row.jws, { now: nowMs, maxFutureSkewSeconds: 86_400, requireLowS: false }), check: { ok: true } };
      } catch (error) {
        return { check: failed(error) };
      }
    }),
  );
  const good = verifiedRows.flatMap((r) => (r.verified ? [r.verified] : []));
  const byHash = new Map(good.map((r) => [r.chainHash, r]));
  const forked = new Set(verifyChain(good).forks.flatMap((f) => f.receiptIds));

  const receipts = await Promise.all(
    rows.map(async (row, i): Promise<ReceiptProof> => {
      const { verified, check } = verifiedRows[i]!;
      let payload: ConsentReceiptPayload | null = verified?.payload ?? null;
      let kid: string | null = verified?.kid ?? null;
      if (!verified) {
        try {
          const decoded = decodeReceipt(row.jws);
          payload = decoded.payload;
          kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : null;
        } catch {
          payload = null;
        }
      }

      let countersignature: ReceiptProof['countersignature'];
      if (typeof row.countersignature !== 'string' || row.countersignature === '') {
        countersignature = { ok: false, code: 'MISSING', message: 'the controller never countersigned this receipt' };
      } else {
        try {
          const counter = await verifyCountersignature(row.countersignature, controllerJwks, row.jws);
          countersignature = { ok: true, serverTimeMs: counter.payload.serverTimeMs };
        } catch (error) {
          countersignature = failed(error);
        }
      }

      let link: ChainLink = 'unchecked';
      if (verified) {
        const prev = verified.payload.prev;
        if (prev === null) link = verified.payload.newKey ? 'restart' : 'genesis';
        else {
          const parent = byHash.get(prev);
          link = !parent ? 'gap' : parent.kid === verified.kid ? 'linked' : 'continues';
        }
      }

      const policySha = payload && typeof payload.policy === 'object' && payload.policy !== null ? payload.policy.sha256 : undefined;
      return {
        rowId: row.id,
        jws: row.jws,
        payload,
        kid,
        signature: check,
        countersignature,
        chain: link,
        fork: verified ? forked.has(verified.payload.consentReceiptID) : false,
        policyMatches: policySha === undefined ? null : policySha === bundled.sha256,
        verified: check.ok && countersignature.ok && CHAIN_OK.has(link),
      };
    }),
  );
  return {
    receipts,
    verified: receipts.filter((r) => r.verified).length,
    stale: receipts.filter((r) => r.policyMatches === false).length,
    claim: claim ? checkClaim(receipts, claim) : { ok: true, index: null },
  };
}

import type { ReceiptResult, VerifiedReceipt } from '@artgrad/receipt';
import { checkReceiptsWith, type CheckReceipts } from './check-receipts.js';
import type { ControllerKey } from '../controller/controller-key.js';
import { OtpTokenError, verifyOtpToken } from '../otp/otp-token.js';
import type { NewReceipt, Store } from '../store/store.js';
import type { JsonWebKey } from '../webcrypto-types.js';

export type { ReceiptResult };

/** Codes of per-receipt rejections beyond `ReceiptError`'s. */
export type IngestErrorCode =
  | 'RECEIPT_CONFLICT'
  | 'OTP_TOKEN_FORGED'
  | 'OTP_TOKEN_MISMATCH'
  | 'OTP_TOKEN_EXPIRED'
  | 'OTP_TOKEN_REUSED';

export interface IngestContext {
  store: Store;
  controllerKey: ControllerKey;
  /** Public keys whose one-time-code tokens are honoured: the controller's JWKS. */
  controllerJwks: () => Promise<JsonWebKey[]>;
  /** Resolves once the current controller key is recorded, before its first countersignature. */
  keyRecorded: () => Promise<void>;
  now: () => number;
  maxFutureSkewSeconds: number;
  knownPurposes: readonly string[];
  onUnexpectedError: (error: unknown) => void;
  /** Verification and countersigning, on worker threads (`createCryptoPool`); in this thread when not given. */
  check?: CheckReceipts;
}

function rejected(id: string | null, code: string, message: string): ReceiptResult {
  return { id, status: 'rejected', error: `${code}: ${message}` };
}

interface Candidate {
  index: number;
  verified: VerifiedReceipt;
  otpJti: string | null;
  /** The consentReceiptID, or `<id>#<kid>` when another key's receipt holds the id. */
  rowId: string;
  countersignature: string;
}

/** Where a device's receipt is kept when another key's receipt already holds its id. */
function rowIdOf(consentReceiptId: string, kid: string): string {
  return `${consentReceiptId}#${kid}`;
}

/** The reason a receipt confirmed by one-time code is refused, or its token's jti. */
async function checkOtp(verified: VerifiedReceipt, ctx: IngestContext): Promise<{ jti: string } | { code: IngestErrorCode; message: string }> {
  let claims;
  try {
    claims = await verifyOtpToken(verified.payload.confirmation.token, await ctx.controllerJwks());
  } catch (error) {
    if (error instanceof OtpTokenError) return { code: 'OTP_TOKEN_FORGED', message: `confirmation token: ${error.message}` };
    throw error;
  }
  if (claims.kid !== verified.kid) return { code: 'OTP_TOKEN_MISMATCH', message: 'confirmation token was issued to another device key' };
  // The receipt's own time, not its arrival: a receipt signed within the window may sync days later.
  // The window is on the server's clock and the receipt's time on the device's, so the same
  // tolerance as for future timestamps applies at both ends (a phone a few seconds slow is fine).
  const t = verified.payload.consentTimestamp;
  const skew = ctx.maxFutureSkewSeconds;
  if (t < claims.iat - skew || t > claims.exp + skew) {
    return { code: 'OTP_TOKEN_EXPIRED', message: 'the receipt was not signed while its confirmation token was valid' };
  }
  const holder = await ctx.store.receiptIdForJti(claims.jti);
  if (holder !== undefined && holder !== verified.payload.consentReceiptID) {
    return { code: 'OTP_TOKEN_REUSED', message: 'confirmation token already confirms another receipt' };
  }
  return { jti: claims.jti };
}

/**
 * Verifies, countersigns and stores a batch, answering per receipt in order. One bad receipt
 * never spoils the others: each gets its own result.
 */
export async function ingestReceipts(jwsList: readonly string[], ctx: IngestContext): Promise<ReceiptResult[]> {
  const results: (ReceiptResult | undefined)[] = jwsList.map(() => undefined);
  const now = ctx.now();

  const check = ctx.check ?? checkReceiptsWith(ctx.controllerKey);
  const checked = await check(jwsList, { now, maxFutureSkewSeconds: ctx.maxFutureSkewSeconds, knownPurposes: ctx.knownPurposes });
  const countersignatures = new Map<number, string>();
  const verified = checked.map((c, index) => {
    if (c.ok) {
      countersignatures.set(index, c.countersignature);
      return c.verified;
    }
    if (c.unexpected !== undefined) ctx.onUnexpectedError(new Error(c.unexpected));
    results[index] = rejected(c.id, c.code, c.message);
    return undefined;
  });

  // A consentReceiptID is the shopper's device's to use: a receipt signed by another key under an
  // id already taken (a script on the shop's page can copy a receipt and post it first) does not
  // lock the device out. The device's receipt is then kept under `<id>#<kid>`; ids only clash,
  // and only conflict, within one key.
  const ids = verified.flatMap((v) => (v ? [v.payload.consentReceiptID, rowIdOf(v.payload.consentReceiptID, v.kid)] : []));
  const existing = new Map((ids.length ? await ctx.store.getReceipts(ids) : []).map((r) => [r.id, r]));
  const candidates: Candidate[] = [];
  for (const [index, v] of verified.entries()) {
    if (!v) continue;
    const id = v.payload.consentReceiptID;
    const taken = existing.get(id);
    const stored = taken && taken.kid !== v.kid ? existing.get(rowIdOf(id, v.kid)) : taken;
    if (stored) {
      // Checked before anything else: a receipt stored earlier was fully checked then, and its
      // token (already spent on it) must not make the same receipt fail now.
      results[index] =
        stored.jws === v.jws
          ? { id, status: 'duplicate', receipt: stored.countersignature }
          : rejected(id, 'RECEIPT_CONFLICT', 'another receipt is already stored under this consentReceiptID');
      continue;
    }
    let otpJti: string | null = null;
    if (v.payload.confirmation.method === 'otp') {
      const otp = await checkOtp(v, ctx);
      if ('code' in otp) {
        results[index] = rejected(id, otp.code, otp.message);
        continue;
      }
      otpJti = otp.jti;
    }
    candidates.push({ index, verified: v, otpJti, rowId: taken ? rowIdOf(id, v.kid) : id, countersignature: countersignatures.get(index)! });
  }

  if (candidates.length > 0) {
    await ctx.keyRecorded();
    const rows: NewReceipt[] = candidates.map(({ verified: v, otpJti, rowId, countersignature }) => ({
      id: rowId,
      kid: v.kid,
      chainHash: v.chainHash,
      prev: v.payload.prev,
      newKey: v.payload.newKey === true,
      event: v.payload.event,
      consentTimestamp: v.payload.consentTimestamp,
      iatMs: v.payload.iat_ms,
      principalId: v.payload.piiPrincipalId,
      subjectId: v.payload.subjectId ?? null,
      otpJti,
      jws: v.jws,
      countersignature,
      receivedAtMs: now,
      decisions: v.payload.decisions,
    }));
    const outcomes = await ctx.store.appendReceipts(rows);
    // Lost a race for the id to another key's receipt since the lookup: keep it under `<id>#<kid>`.
    const raced = outcomes.flatMap((o, i) => (o.kind === 'exists' && o.existing.kid !== rows[i]!.kid && rows[i]!.id === candidates[i]!.verified.payload.consentReceiptID ? [i] : []));
    if (raced.length) {
      const again = raced.map((i) => ({ ...rows[i]!, id: rowIdOf(rows[i]!.id, rows[i]!.kid) }));
      const second = await ctx.store.appendReceipts(again);
      raced.forEach((i, j) => {
        rows[i] = again[j]!;
        outcomes[i] = second[j]!;
      });
    }
    for (const [i, outcome] of outcomes.entries()) {
      const row = { ...rows[i]!, id: candidates[i]!.verified.payload.consentReceiptID };
      const index = candidates[i]!.index;
      // Another request (or an earlier receipt of this batch) may have won the race since the lookup.
      results[index] =
        outcome.kind === 'stored'
          ? { id: row.id, status: 'stored', receipt: row.countersignature }
          : outcome.kind === 'jti-used'
            ? rejected(row.id, 'OTP_TOKEN_REUSED', 'confirmation token already confirms another receipt')
            : outcome.existing.jws === row.jws
              ? { id: row.id, status: 'duplicate', receipt: outcome.existing.countersignature }
              : rejected(row.id, 'RECEIPT_CONFLICT', 'another receipt is already stored under this consentReceiptID');
    }
  }
  return results.map((r) => r!);
}

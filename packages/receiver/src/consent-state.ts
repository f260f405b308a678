import { decodeReceipt, verifyChain, type ChainFork, type ChainGap, type VerifiedReceipt } from '@artgrad/receipt';
import type { Store, StoredReceipt } from './store/store.js';

/** A stored receipt with its payload, in chain order. */
export interface ChainEntry {
  stored: StoredReceipt;
  verified: VerifiedReceipt;
}

/**
 * One device's history: the chain of its key, preceded by the chains of the keys it replaced
 * (a new key's first receipt names the old key's receipt as `prev`). State is always computed
 * from this, never stored apart from the receipts.
 */
export interface DeviceHistory {
  /** Oldest key first; the last is the key the device signs with now. */
  kids: string[];
  entries: ChainEntry[];
  gaps: ChainGap[];
  forks: ChainFork[];
}

export interface PurposeState {
  granted: boolean;
  /** The receipt that decided it last, in chain order: the proof. */
  proof: ChainEntry;
}

/**
 * Stored receipts were verified on the way in, so they are only decoded here; the stored
 * chain hash and kid are what `verifyChain` orders by.
 */
function asVerified(row: StoredReceipt): VerifiedReceipt {
  const { header, payload } = decodeReceipt(row.jws);
  return { jws: row.jws, header, payload, kid: row.kid, chainHash: row.chainHash };
}

/** Orders receipts (of any number of devices) by their `prev` links, one history per key. */
export function deviceHistories(rows: readonly StoredReceipt[]): DeviceHistory[] {
  const stored = new Map(rows.map((r) => [r.chainHash, r]));
  const report = verifyChain(rows.map(asVerified));
  const chains = new Map(report.ordered.map((chain) => [chain[0]!.kid, chain]));

  // Each key is its own history. A receipt linking to another key's receipt does NOT join that
  // key's history: anyone holding one of the shopper's receipts (the shop's backend gets one with
  // every order) could otherwise sign a "continuation" with a fresh key and outvote the shopper's
  // own later withdrawals. A handover would have to be signed by the old key; the SDK never makes
  // such links (a new key starts with prev: null and newKey: true).
  const histories: DeviceHistory[] = [];
  for (const [kid, chain] of chains) {
    histories.push({
      kids: [kid],
      entries: chain.map((verified) => ({ verified, stored: stored.get(verified.chainHash)! })),
      gaps: report.gaps.filter((g) => g.kid === kid),
      forks: report.forks.filter((f) => f.kid === kid),
    });
  }
  return histories;
}

/** Purpose → its current state: the latest receipt in chain order that decides it wins. */
export function currentState(history: DeviceHistory): Map<string, PurposeState> {
  const state = new Map<string, PurposeState>();
  for (const entry of history.entries) {
    for (const [purpose, granted] of Object.entries(entry.verified.payload.decisions)) state.set(purpose, { granted, proof: entry });
  }
  return state;
}

export interface Principal {
  /** What to show: the latest `subjectId` (the shop's own id, once it identified the shopper), else `piiPrincipalId`. */
  principal: string;
  subjectId: string | null;
  piiPrincipalId: string;
}

export function principalOf(history: DeviceHistory): Principal {
  const latest = history.entries.at(-1)!.verified.payload;
  const identified = history.entries.findLast((e) => e.verified.payload.subjectId !== undefined)?.verified.payload.subjectId ?? null;
  return { principal: identified ?? latest.piiPrincipalId, subjectId: identified, piiPrincipalId: latest.piiPrincipalId };
}

/**
 * The keys whose receipts make up the histories of `kids`: just those keys, since histories are
 * never joined across keys (see `deviceHistories`). Kept as the one place that would change if
 * key handovers signed by the old key were ever accepted.
 */
export async function relatedKids(_store: Store, kids: readonly string[]): Promise<string[]> {
  return [...new Set(kids)];
}

import { verifyChain, type ChainFork, type ChainGap } from '@artgrad/receipt';
import type { DecisionRow, Store } from '../store/store.js';

/**
 * One device's history: the chain of its key, preceded by the chains of the keys it replaced
 * (a new key's first receipt names the old key's receipt as `prev`). State is always computed
 * from this, never stored apart from the receipts.
 */
export interface DeviceHistory<R extends DecisionRow = DecisionRow> {
  /** Oldest key first; the last is the key the device signs with now. */
  kids: string[];
  /** In chain order. */
  entries: R[];
  gaps: ChainGap[];
  forks: ChainFork[];
}

/**
 * Orders receipts (of any number of devices) by their `prev` links, one history per key.
 * Stored receipts were verified on the way in, and their columns were copied from the verified
 * payload, so the rows are ordered as they are. Gaps and forks name receipts by their stored id.
 */
export function deviceHistories<R extends DecisionRow>(rows: readonly R[]): DeviceHistory<R>[] {
  const report = verifyChain(rows.map((row) => ({ kid: row.kid, chainHash: row.chainHash, payload: { prev: row.prev, consentReceiptID: row.id, iat_ms: row.iatMs }, row })));
  const chains = new Map(report.ordered.map((chain) => [chain[0]!.kid, chain]));

  // Each key is its own history. A receipt linking to another key's receipt does NOT join that
  // key's history: anyone holding one of the shopper's receipts (the shop's backend gets one with
  // every order) could otherwise sign a "continuation" with a fresh key and outvote the shopper's
  // own later withdrawals. A handover would have to be signed by the old key; the SDK never makes
  // such links (a new key starts with prev: null and newKey: true).
  const histories: DeviceHistory<R>[] = [];
  for (const [kid, chain] of chains) {
    histories.push({
      kids: [kid],
      entries: chain.map((link) => link.row),
      gaps: report.gaps.filter((g) => g.kid === kid),
      forks: report.forks.filter((f) => f.kid === kid),
    });
  }
  return histories;
}


export interface Principal {
  /** What to show: the latest `subjectId` (the shop's own id, once it identified the shopper), else `piiPrincipalId`. */
  principal: string;
  subjectId: string | null;
  piiPrincipalId: string;
}

export function principalOf(history: DeviceHistory): Principal {
  const latest = history.entries.at(-1)!;
  const identified = history.entries.findLast((e) => e.subjectId !== null)?.subjectId ?? null;
  return { principal: identified ?? latest.principalId, subjectId: identified, piiPrincipalId: latest.principalId };
}

/**
 * The keys whose receipts make up the histories of `kids`: just those keys, since histories are
 * never joined across keys (see `deviceHistories`). Kept as the one place that would change if
 * key handovers signed by the old key were ever accepted.
 */
export async function relatedKids(_store: Store, kids: readonly string[]): Promise<string[]> {
  return [...new Set(kids)];
}

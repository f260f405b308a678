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

/** Orders receipts (of any number of devices) by their `prev` links and joins rotated keys. */
export function deviceHistories(rows: readonly StoredReceipt[]): DeviceHistory[] {
  const stored = new Map(rows.map((r) => [r.chainHash, r]));
  const report = verifyChain(rows.map(asVerified));
  const chains = new Map(report.ordered.map((chain) => [chain[0]!.kid, chain]));

  // A chain whose first receipt links to another key's receipt continues that key.
  const predecessor = new Map<string, string>();
  const hasSuccessor = new Set<string>();
  for (const [kid, chain] of chains) {
    const prev = chain[0]!.payload.prev;
    const before = prev === null ? undefined : stored.get(prev);
    if (before && before.kid !== kid) {
      predecessor.set(kid, before.kid);
      hasSuccessor.add(before.kid);
    }
  }

  const histories: DeviceHistory[] = [];
  for (const head of chains.keys()) {
    if (hasSuccessor.has(head)) continue;
    const kids = [head];
    for (let k = predecessor.get(head); k !== undefined && !kids.includes(k); k = predecessor.get(k)) kids.unshift(k);
    const inHistory = new Set(kids);
    histories.push({
      kids,
      entries: kids.flatMap((kid) => chains.get(kid)!.map((verified) => ({ verified, stored: stored.get(verified.chainHash)! }))),
      gaps: report.gaps.filter((g) => inHistory.has(g.kid)),
      forks: report.forks.filter((f) => inHistory.has(f.kid)),
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

/** Every key linked to `kids` by rotation, in either direction: a device's whole history. */
export async function relatedKids(store: Store, kids: readonly string[]): Promise<string[]> {
  const links = new Map<string, string[]>();
  for (const { fromKid, toKid } of await store.keyRotations()) {
    links.set(fromKid, [...(links.get(fromKid) ?? []), toKid]);
    links.set(toKid, [...(links.get(toKid) ?? []), fromKid]);
  }
  const seen = new Set(kids);
  const queue = [...kids];
  while (queue.length > 0) {
    for (const next of links.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

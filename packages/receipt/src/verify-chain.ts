import type { VerifiedReceipt } from './verify-receipt.js';

export interface ChainGap {
  kid: string;
  /** The receipt whose `prev` is not among the receipts given. */
  receiptId: string;
  missingPrev: string;
  /** The receipt ordered just before the gap, when there is one. */
  afterId?: string;
}

export interface ChainFork {
  kid: string;
  /** The `prev` the receipts share; null for two first receipts of one key. */
  prev: string | null;
  receiptIds: string[];
}

/**
 * What ordering needs of a receipt. A verified receipt is one; a receiver that keeps these
 * facts in columns orders its stored rows without decoding each JWS again.
 */
export interface ChainLink {
  kid: string;
  chainHash: string;
  payload: Pick<VerifiedReceipt['payload'], 'prev' | 'consentReceiptID' | 'iat_ms'>;
}

export interface ChainReport<R extends ChainLink = VerifiedReceipt> {
  /** One array per kid, each in chain order; every distinct receipt appears exactly once. */
  ordered: R[][];
  gaps: ChainGap[];
  forks: ChainFork[];
}

/**
 * Tie-break for receipts no link orders (fork branches, segments separated by a gap): time
 * first, then the hash, so the result never depends on the order of the input.
 */
function byTime(a: ChainLink, b: ChainLink): number {
  return a.payload.iat_ms - b.payload.iat_ms || (a.chainHash < b.chainHash ? -1 : a.chainHash > b.chainHash ? 1 : 0);
}

/**
 * Orders already verified receipts by their `prev` links, one chain per device key, and reports
 * what does not link up instead of failing: a gap (a `prev` that is not present, e.g. a receipt
 * lost or not yet synced) and a fork (two receipts of one key with the same `prev`, e.g. two tabs
 * racing or a restored backup). A first receipt of a new key whose `prev` is a receipt of another
 * key starts that key's chain; it is no gap.
 */
export function verifyChain<R extends ChainLink = VerifiedReceipt>(receipts: readonly R[]): ChainReport<R> {
  const byHash = new Map<string, R>();
  // A batch posted twice (lost acknowledgement) is not a fork: drop exact duplicates.
  for (const r of receipts) if (!byHash.has(r.chainHash)) byHash.set(r.chainHash, r);

  const byKid = new Map<string, R[]>();
  for (const r of byHash.values()) {
    const group = byKid.get(r.kid);
    if (group) group.push(r);
    else byKid.set(r.kid, [r]);
  }

  const results: { chain: R[]; gaps: ChainGap[]; forks: ChainFork[] }[] = [];
  for (const [kid, group] of byKid) {
    const children = new Map<string | null, R[]>();
    const roots: R[] = [];
    for (const r of group) {
      const prev = r.payload.prev;
      const siblings = children.get(prev);
      if (siblings) siblings.push(r);
      else children.set(prev, [r]);
      const parent = prev === null ? undefined : byHash.get(prev);
      if (!parent || parent.kid !== kid) roots.push(r);
    }
    for (const siblings of children.values()) siblings.sort(byTime);
    roots.sort(byTime);

    // Iterative depth-first walk: a device's chain can be thousands long.
    const chain: R[] = [];
    const gaps: ChainGap[] = [];
    const visited = new Set<string>();
    const walk = (start: readonly R[]) => {
      const stack = [...start].reverse();
      while (stack.length > 0) {
        const r = stack.pop()!;
        if (visited.has(r.chainHash)) continue;
        visited.add(r.chainHash);
        const prev = r.payload.prev;
        if (prev !== null && !byHash.has(prev)) {
          const before = chain.at(-1);
          gaps.push({
            kid,
            receiptId: r.payload.consentReceiptID,
            missingPrev: prev,
            ...(before ? { afterId: before.payload.consentReceiptID } : {}),
          });
        }
        chain.push(r);
        const next = children.get(r.chainHash);
        if (next) for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
      }
    };
    walk(roots);
    // Only a hash cycle, i.e. hand-made objects rather than verified receipts, leaves any behind.
    walk(group.filter((r) => !visited.has(r.chainHash)).sort(byTime));

    const position = new Map(chain.map((r, i) => [r, i]));
    const forks = [...children]
      .filter(([, siblings]) => siblings.length > 1)
      .sort(([, a], [, b]) => position.get(a[0]!)! - position.get(b[0]!)!)
      .map(([prev, siblings]) => ({ kid, prev, receiptIds: siblings.map((r) => r.payload.consentReceiptID) }));
    results.push({ chain, gaps, forks });
  }

  results.sort((a, b) => byTime(a.chain[0]!, b.chain[0]!));
  return {
    ordered: results.map((r) => r.chain),
    gaps: results.flatMap((r) => r.gaps),
    forks: results.flatMap((r) => r.forks),
  };
}

import type { DecisionRow } from '../store/store.js';
import { deviceHistories } from './consent-state.js';
import { countDeltas, deriveState, groupByPrincipal, holderCounts, tallyDeltas, withdrawnDays, withdrawnRowsOf } from './derive-state.js';
import { principalKeyOf } from './principal-key.js';
import { ask, type Plan } from './state-tx.js';

const unique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * Brings the state up to date after `stored` were appended, in the same transaction: the
 * principals those receipts touch (the one each device belonged to before, and the one it
 * belongs to now: an `identify()` can move a device to a customer) are derived again from all
 * their devices' receipts, before and after the new ones, and their rows, terms, counters and
 * counts replaced by the difference, in one write. Work is in proportion to those principals'
 * receipts, never to the whole log.
 */
export function* refreshPlan(stored: readonly DecisionRow[]): Plan<void> {
  if (stored.length === 0) return;
  const fresh = new Set(stored.map((r) => r.id));
  const kids = unique(stored.map((r) => r.kid));
  // Another receiver may be appending to the same devices: wait for it, then read what it committed.
  yield* ask('lock', kids.map((kid) => `k:${kid}`));
  const kidRows = yield* ask('decisionRowsOfKids', kids);
  const after = new Map(deviceHistories(kidRows).map((h) => [h.kids[0]!, principalKeyOf(h)]));
  // A device is kept under the first key of its history: a receipt signed by a rotated key moves
  // the device by that first key, so both the receipts' keys and the heads are looked up.
  const before = new Map((yield* ask('devicesOf', unique([...kids, ...after.keys()]))).map((d) => [d.kid, d.principalKey]));
  const affected = unique([...before.values(), ...after.values()]);
  const customers = affected.filter((key) => key.startsWith('s:'));
  // Customers' other devices are appended by other requests: one writer per customer at a time.
  yield* ask('lock', customers);

  // A device never identified is its own principal, whose one member `before` already holds;
  // only customers are asked for their other devices (a shop's anonymous shoppers cost no read).
  const oldMembership = new Map([
    ...[...before].filter(([, key]) => key.startsWith('k:')),
    ...(customers.length ? (yield* ask('membersOf', customers)).map((d) => [d.kid, d.principalKey] as const) : []),
  ]);
  const newMembership = new Map([...oldMembership, ...after]);
  const others = unique([...newMembership.keys()].filter((kid) => !after.has(kid)));
  const rows = others.length ? [...kidRows, ...(yield* ask('decisionRowsOfKids', others))] : kidRows;

  const was = deriveState(groupByPrincipal(rows.filter((r) => !fresh.has(r.id)), oldMembership));
  const now = deriveState(groupByPrincipal(rows, newMembership));

  yield* ask('write', {
    principals: affected,
    rows: now.rows,
    terms: now.terms,
    devices: [...after].map(([kid, principalKey]) => ({ kid, principalKey })),
    counts: countDeltas(was.counts, now.counts),
    holders: tallyDeltas(holderCounts(was.rows), holderCounts(now.rows)),
    withdrawn: withdrawnRowsOf(tallyDeltas(withdrawnDays(was.rows), withdrawnDays(now.rows))),
  });
}

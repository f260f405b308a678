import type { DecisionRow } from '../store/store.js';
import { deviceHistories } from './consent-state.js';
import { countDeltas, deriveState, groupByPrincipal, holderCounts } from './derive-state.js';
import { principalKeyOf } from './principal-key.js';
import { ask, type Plan } from './state-tx.js';

const unique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * Brings the state up to date after `stored` were appended, in the same transaction: the
 * principals those receipts touch (the one each device belonged to before, and the one it
 * belongs to now: an `identify()` can move a device to a customer) are derived again from all
 * their devices' receipts, before and after the new ones, and their rows, terms, counters and
 * counts replaced by the difference. Work is in proportion to those principals' receipts, never
 * to the whole log.
 */
export function* refreshPlan(stored: readonly DecisionRow[]): Plan<void> {
  if (stored.length === 0) return;
  const fresh = new Set(stored.map((r) => r.id));
  const kids = unique(stored.map((r) => r.kid));
  // Another receiver may be appending to the same devices: wait for it, then read what it committed.
  yield* ask('lock', kids.map((kid) => `k:${kid}`));
  const before = new Map((yield* ask('devicesOf', kids)).map((d) => [d.kid, d.principalKey]));
  const kidRows = yield* ask('decisionRowsOfKids', kids);
  const after = new Map(deviceHistories(kidRows).map((h) => [h.kids[0]!, principalKeyOf(h)]));
  const affected = unique([...before.values(), ...after.values()]);
  // Customers' other devices are appended by other requests: one writer per customer at a time.
  yield* ask('lock', affected.filter((key) => key.startsWith('s:')));

  const oldMembership = new Map((yield* ask('membersOf', affected)).map((d) => [d.kid, d.principalKey]));
  const newMembership = new Map([...oldMembership, ...after]);
  const others = unique([...newMembership.keys()].filter((kid) => !after.has(kid)));
  const rows = others.length ? [...kidRows, ...(yield* ask('decisionRowsOfKids', others))] : kidRows;

  const was = deriveState(groupByPrincipal(rows.filter((r) => !fresh.has(r.id)), oldMembership));
  const now = deriveState(groupByPrincipal(rows, newMembership));

  yield* ask('replacePrincipals', affected, now.rows, now.terms);
  yield* ask('putDevices', [...after].map(([kid, principalKey]) => ({ kid, principalKey })));
  const counts = countDeltas(was.counts, now.counts);
  if (counts.length) yield* ask('addCounts', counts);
  const holdersBefore = holderCounts(was.rows);
  const holdersAfter = holderCounts(now.rows);
  const holders = unique([...holdersBefore.keys(), ...holdersAfter.keys()])
    .map((purpose) => [purpose, (holdersAfter.get(purpose) ?? 0) - (holdersBefore.get(purpose) ?? 0)] as const)
    .filter(([, delta]) => delta !== 0);
  if (holders.length) yield* ask('addHolders', holders);
}

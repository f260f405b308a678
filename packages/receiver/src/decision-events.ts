import type { DeviceHistory } from './consent-state.js';
import type { DecisionRow } from './store/store.js';

/** What one receipt did to one purpose, judged against the device's state just before it. */
export type DecisionEvent = 'given' | 'refused' | 'updated' | 'withdrawn';
export const DECISION_EVENTS: readonly DecisionEvent[] = ['given', 'refused', 'updated', 'withdrawn'];

export interface PurposeDecision {
  purpose: string;
  granted: boolean;
  event: DecisionEvent;
  entry: DecisionRow;
}

/**
 * Every decision a device made about each purpose, in chain order. The receipt's own `event`
 * describes the whole receipt (an `updated` receipt can switch one purpose off and keep
 * another), so each purpose is classified by its transition instead: off→on `given`, on→on
 * `updated`, on→off `withdrawn`, off→off `refused`. An `identified` receipt only restates the
 * current decisions under the shop's customer id; it counts only where it changes one.
 */
export function purposeDecisions(history: DeviceHistory): PurposeDecision[] {
  const before = new Map<string, boolean>();
  const decisions: PurposeDecision[] = [];
  for (const entry of history.entries) {
    const { event, decisions: made } = entry;
    for (const [purpose, granted] of Object.entries(made)) {
      const known = before.get(purpose);
      before.set(purpose, granted);
      if (event === 'identified' && known === granted) continue;
      const was = known === true;
      decisions.push({ purpose, granted, entry, event: granted ? (was ? 'updated' : 'given') : was ? 'withdrawn' : 'refused' });
    }
  }
  return decisions;
}

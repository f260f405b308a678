import type { DeviceHistory } from './consent-state.js';
import type { DecisionRow } from '../store/store.js';

/** What one receipt did to one purpose, judged against its shopper's state just before it. */
export type DecisionEvent = 'given' | 'refused' | 'updated' | 'withdrawn';
export const DECISION_EVENTS: readonly DecisionEvent[] = ['given', 'refused', 'updated', 'withdrawn'];

export interface PurposeDecision {
  purpose: string;
  granted: boolean;
  event: DecisionEvent;
  entry: DecisionRow;
}

/**
 * Every decision one shopper made about each purpose, in order: each device's receipts in chain
 * order, devices interleaved by consentTimestamp (see `principalKeyOf`). The receipt's own
 * `event` describes the whole receipt (an `updated` receipt can switch one purpose off and keep
 * another), so each purpose is classified by its transition instead: off→on `given`, on→on
 * `updated`, on→off `withdrawn`, off→off `refused`. A refusal confirmed on one device after a
 * grant on another is that shopper's withdrawal. An `identified` receipt only restates its own
 * device's decisions under the shop's customer id: it counts only where it changes one of them,
 * never because another device decided otherwise in between.
 */
export function principalDecisions(histories: readonly DeviceHistory[]): PurposeDecision[] {
  const own = new Map<string, boolean>();
  const before = new Map<string, boolean>();
  const decisions: PurposeDecision[] = [];
  for (const entry of interleave(histories.map((h) => h.entries))) {
    for (const [purpose, granted] of Object.entries(entry.decisions)) {
      const mine = `${entry.kid}\n${purpose}`;
      const restated = entry.event === 'identified' && own.get(mine) === granted;
      own.set(mine, granted);
      if (restated) continue;
      const was = before.get(purpose) === true;
      before.set(purpose, granted);
      decisions.push({ purpose, granted, entry, event: granted ? (was ? 'updated' : 'given') : was ? 'withdrawn' : 'refused' });
    }
  }
  return decisions;
}

/** One device's decisions, in chain order. */
export const purposeDecisions = (history: DeviceHistory): PurposeDecision[] => principalDecisions([history]);

export interface PurposeState {
  granted: boolean;
  /** The receipt of its last decision, in chain order: the proof (as the admin lists name it). */
  proof: DecisionRow;
}

/** Purpose → its current state on one device: its last decision wins. */
export function currentState(history: DeviceHistory): Map<string, PurposeState> {
  return new Map(purposeDecisions(history).map((d) => [d.purpose, { granted: d.granted, proof: d.entry }]));
}

/** Merges lists each already in order, by consentTimestamp, never reordering within a list (a device clock may go back). */
function interleave(lists: readonly (readonly DecisionRow[])[]): DecisionRow[] {
  if (lists.length === 1) return [...lists[0]!];
  const next = lists.map(() => 0);
  const merged: DecisionRow[] = [];
  for (;;) {
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      const head = lists[i]![next[i]!];
      if (head && (pick < 0 || head.consentTimestamp < lists[pick]![next[pick]!]!.consentTimestamp)) pick = i;
    }
    if (pick < 0) return merged;
    merged.push(lists[pick]![next[pick]!++]!);
  }
}

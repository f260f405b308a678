import type { Decisions, DecisionRecord } from './record.js';

/** Per purpose: granted or not, and the record that said so last. */
export interface PurposeState {
  readonly granted: boolean;
  readonly recordId: string;
  readonly time: number;
}

export type ConsentState = Readonly<Record<string, PurposeState>>;

/**
 * The current state is never stored: it is derived from the records, in the order they were
 * written (the chain order), and the latest decision per purpose wins.
 */
export function deriveState(records: readonly DecisionRecord[]): ConsentState {
  const state: Record<string, PurposeState> = {};
  for (const record of records) {
    for (const [purpose, granted] of Object.entries(record.decisions)) {
      state[purpose] = { granted, recordId: record.id, time: record.time };
    }
  }
  return state;
}

/** `{ purpose: granted }` for every purpose that has a decision. */
export function grantedMap(state: ConsentState): Decisions {
  return Object.fromEntries(Object.entries(state).map(([p, s]) => [p, s.granted]));
}

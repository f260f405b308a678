import type { DecisionRow } from '../store/store.js';
import type { DeviceRow, StateWrite } from './state-types.js';

/**
 * What keeping the state needs from a store, inside the transaction that appends the receipts.
 * SQLite answers synchronously (the plan runs inside better-sqlite3's transaction function, so
 * nothing else can slip in between), PostgreSQL asynchronously; `refreshPlan` is written once
 * for both, as a generator that yields these calls.
 */
export interface StateTx {
  /** Serialises writers of the same principals across receivers (PostgreSQL advisory locks); SQLite's writer is already alone. */
  lock(keys: readonly string[]): unknown;
  devicesOf(kids: readonly string[]): DeviceRow[] | Promise<DeviceRow[]>;
  membersOf(principalKeys: readonly string[]): DeviceRow[] | Promise<DeviceRow[]>;
  decisionRowsOfKids(kids: readonly string[]): DecisionRow[] | Promise<DecisionRow[]>;
  /**
   * Replaces the rows and terms of `write.principals`, moves its devices, and adds its
   * differences to the counters (the quarter-hour counts and their days, holders, standing
   * withdrawals; a counter reaching 0 may stay).
   */
  write(write: StateWrite): unknown;
}

type Call = { [K in keyof StateTx]: { op: K; args: Parameters<StateTx[K]> } }[keyof StateTx];

/** One call of the plan; `yield*` it to get the store's answer, typed. */
export function* ask<K extends keyof StateTx>(op: K, ...args: Parameters<StateTx[K]>): Generator<Call, Awaited<ReturnType<StateTx[K]>>, unknown> {
  return (yield { op, args } as Call) as Awaited<ReturnType<StateTx[K]>>;
}

export type Plan<T> = Generator<Call, T, unknown>;

const apply = (tx: StateTx, call: Call): unknown => (tx[call.op] as (...args: unknown[]) => unknown).apply(tx, call.args);

/** Runs a plan against a store whose answers are synchronous. */
export function runPlanSync<T>(plan: Plan<T>, tx: StateTx): T {
  let step = plan.next();
  while (!step.done) step = plan.next(apply(tx, step.value));
  return step.value;
}

/** Runs a plan against any store. */
export async function runPlan<T>(plan: Plan<T>, tx: StateTx): Promise<T> {
  let step = plan.next();
  while (!step.done) step = plan.next(await apply(tx, step.value));
  return step.value;
}

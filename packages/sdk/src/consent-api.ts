import type { ConsentEvents, SyncReport } from './events.js';
import type { Decisions, DecisionRecord, ReceiptStatus } from './record.js';

/**
 * The public API (`window.artgradConsent`). It can read, listen, open the preferences, withdraw,
 * identify and sync — and nothing here can grant consent: that takes the confirmation step.
 */
export interface ConsentApi {
  /** Resolves once stored decisions are loaded, with `{ purpose: granted }`. */
  ready(): Promise<Decisions>;
  /** Whether the purpose is currently granted (`false` when never decided). */
  get(purpose: string): boolean;
  getAll(): Decisions;
  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof ConsentEvents>(type: K, fn: (value: ConsentEvents[K]) => void): () => void;
  /** Opens the preferences (needs the `<artgrad-consent>` element on the page). */
  open(): void;
  /** Withdraws one purpose, or every granted one; resolves with the record, or `null` if nothing was granted. */
  withdraw(purpose?: string): Promise<DecisionRecord | null>;
  /** Links this and later receipts to the shop's opaque customer id (an `identified` receipt); the id already linked resolves with its receipt and adds none. */
  identify(subjectId: string): Promise<DecisionRecord>;
  /** The local history in chain order, with what became of each receipt. */
  receipts(): Promise<ReceiptStatus[]>;
  /** A JSON file of every receipt and countersignature, for the shopper to keep. */
  exportReceipts(): Promise<Blob>;
  /** Sends the outbox now; resolves with the report (`null` without a backend). */
  flush(): Promise<SyncReport | null>;
}

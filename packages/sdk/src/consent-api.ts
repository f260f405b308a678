import type { ConsentEvents, SyncReport } from './events.js';
import type { Decisions, DecisionRecord, ReceiptStatus } from './record.js';
import type { RightsKind, RightsRequestStatus } from './rights/request-entry.js';

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
  /**
   * Opens the preferences; with a purpose, the confirmation step for granting that purpose (as a
   * click-to-load embed's button does). Needs the `<artgrad-consent>` element on the page.
   * Nothing is granted until the shopper confirms there.
   */
  open(purpose?: string): void;
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
  /**
   * Asks for a rights request (item 23: access, correction, blocking, destruction). It opens the
   * element's confirmation step for it, and resolves once the shopper confirms there, with the
   * request as sent; `CANCELLED` if they leave the step, `REQUEST_UNAVAILABLE` without the
   * element or the receiver. A page script can ask, never file one for the shopper.
   */
  request(kind: RightsKind, details?: string): Promise<RightsRequestStatus>;
  /** This device's rights requests, newest first: received (with the due date), answered, refused, done. */
  requests(): Promise<RightsRequestStatus[]>;
  /** An answer's attachment (`events[i].attachment.path`), downloaded with proof of the device key. */
  requestAnswer(path: string): Promise<Blob>;
}

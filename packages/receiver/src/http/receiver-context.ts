import type { ControllerKey } from '../controller/controller-key.js';
import type { CheckReceipts } from '../ingest/check-receipts.js';
import type { OtpService } from '../otp/otp-service.js';
import type { PurposeCatalogue } from '../server/purposes.js';
import type { Store } from '../store/store.js';
import type { ClearRules } from '@artgrad/receipt';
import type { WorkingCalendar } from '../deadlines/working-calendar.js';
import type { JsonWebKey } from '../webcrypto-types.js';

/** Where the receiver reports. Never given a one-time code (the log adapter prints those itself, in development). */
export interface ReceiverLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

/** What every route needs, built once by `createReceiverApp`. */
export interface ReceiverContext {
  store: Store;
  controllerKey: ControllerKey;
  catalogue: PurposeCatalogue;
  otp: OtpService;
  now: () => number;
  maxFutureSkewSeconds: number;
  logger: ReceiverLogger;
  /** The controller's public keys: the current one first, then earlier ones the store remembers. */
  controllerJwks: () => Promise<JsonWebKey[]>;
  keyRecorded: () => Promise<void>;
  /** The name of the admin token an `Authorization` header carries, or undefined. */
  adminNameOf: (authorization: string | undefined) => string | undefined;
  checkReceipts?: CheckReceipts;
  /** Kazakh working days, for the due dates of rights requests. */
  calendar: WorkingCalendar;
  /** Per purpose, the cookies and storage keys the SDK clears on refusal or withdrawal (`GET /config`). */
  clearRules?: Readonly<Record<string, ClearRules>>;
}

// The reference receiver: verify, store append-only, countersign, one-time codes, config, admin.
export { createReceiverApp, consoleLogger } from './create-app.js';
export type { ReceiverOptions } from './create-app.js';
export { startReceiver } from './start-receiver.js';
export type { StartReceiverOptions, RunningReceiver } from './start-receiver.js';
export type { ReceiverLogger } from './receiver-context.js';

export { loadConfig, ConfigError, ENVIRONMENT } from './config.js';
export type { ReceiverConfig } from './config.js';
export { runCli, helpText } from './run-cli.js';
export type { CliIo, CliOutcome } from './run-cli.js';

export { importControllerKey, generateControllerKey, loadOrCreateDevKey, ControllerKeyError } from './controller-key.js';
export type { ControllerKey } from './controller-key.js';
export type { AdminToken } from './admin-auth.js';
export { createLogOtpAdapter } from './otp-adapter.js';
export type { OtpAdapter, LogOtpAdapter, OtpChannel } from './otp-adapter.js';
export { verifyOtpToken, OTP_TOKEN_TYP } from './otp-token.js';
export type { OtpTokenClaims } from './otp-token.js';

export { openStore, SQLITE_FILE_NAME } from './store/open-store.js';
export type { OpenStoreOptions } from './store/open-store.js';
export { openSqliteStore } from './store/sqlite-store.js';
export type { SqliteStoreOptions } from './store/sqlite-store.js';
export { openPostgresStore } from './store/postgres-store.js';
export type { PostgresStoreOptions } from './store/postgres-store.js';
export { MIGRATIONS } from './store/migrations.js';
export type { Migration } from './store/migrations.js';
export type {
  Store,
  StoredReceipt,
  DecidedReceipt,
  DecisionRow,
  NewReceipt,
  AppendOutcome,
  ControllerKeyRecord,
  RequestChange,
  OtpChallenge,
  KeyRotation,
} from './store/store.js';

export { ingestReceipts } from './ingest-receipts.js';
export type { ReceiptResult, IngestErrorCode } from './ingest-receipts.js';
export { parseReceiptBatch, MAX_BATCH, MAX_BATCH_BYTES } from './receipts-routes.js';
export { deviceHistories, principalOf, principalHistories } from './consent-state.js';
export type { DeviceHistory, Principal, PrincipalHistories } from './consent-state.js';
export type { Holder, Page, ProofRow } from './holders.js';
export type { Withdrawal } from './withdrawals.js';
export { purposeDecisions, principalDecisions, currentState, DECISION_EVENTS } from './decision-events.js';
export type { DecisionEvent, PurposeDecision, PurposeState } from './decision-events.js';
export type { DailyStats, PurposeSeries, DayCounts, EventCounts } from './daily-stats.js';
export { csvCell, toCsv } from './csv.js';
export { createRateLimiter, clientAddress, clientKey } from './rate-limit.js';
export type { RateLimiter } from './rate-limit.js';
export { openApiDocument } from './openapi.js';

// The reference receiver: verify, store append-only, countersign, one-time codes, config, admin.
export { createReceiverApp, consoleLogger } from './http/create-app.js';
export type { ReceiverOptions } from './http/create-app.js';
export { startReceiver } from './server/start-receiver.js';
export type { StartReceiverOptions, RunningReceiver } from './server/start-receiver.js';
export type { ReceiverLogger } from './http/receiver-context.js';

export { loadConfig, ConfigError, ENVIRONMENT } from './server/config.js';
export type { ReceiverConfig } from './server/config.js';
export { runCli, helpText } from './server/run-cli.js';
export type { CliIo, CliOutcome } from './server/run-cli.js';

export { importControllerKey, generateControllerKey, loadOrCreateDevKey, ControllerKeyError } from './controller/controller-key.js';
export type { ControllerKey } from './controller/controller-key.js';
export type { AdminToken } from './admin/admin-auth.js';
export { createLogOtpAdapter } from './otp/otp-adapter.js';
export type { OtpAdapter, LogOtpAdapter, OtpChannel } from './otp/otp-adapter.js';
export { verifyOtpToken, OTP_TOKEN_TYP } from './otp/otp-token.js';
export type { OtpTokenClaims } from './otp/otp-token.js';

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
  KeptState,
} from './store/store.js';

export { ingestReceipts } from './ingest/ingest-receipts.js';
export { createCryptoPool } from './ingest/crypto-pool.js';
export type { CryptoPool } from './ingest/crypto-pool.js';
export { checkReceiptsWith } from './ingest/check-receipts.js';
export type { CheckReceipts, CheckedReceipt, CheckOptions } from './ingest/check-receipts.js';
export type { IngestErrorCode } from './ingest/ingest-receipts.js';
export type { ReceiptResult } from '@artgrad/receipt';
export { parseReceiptBatch } from './http/receipts-routes.js';
export { MAX_BATCH_RECEIPTS, MAX_BATCH_BYTES } from '@artgrad/receipt';
export { deviceHistories, principalOf } from './state/consent-state.js';
export type { DeviceHistory, Principal } from './state/consent-state.js';
export { verifyState } from './state/verify-state.js';
export type { StateReport, StateDifference } from './state/verify-state.js';
export type { Holder, Page, ProofRow, ListQuery } from './admin/holders.js';
export type { Withdrawal } from './admin/withdrawals.js';
export { purposeDecisions, principalDecisions, currentState, DECISION_EVENTS } from './state/decision-events.js';
export type { DecisionEvent, PurposeDecision, PurposeState } from './state/decision-events.js';
export type { DailyStats, PurposeSeries, DayCounts, EventCounts } from './admin/daily-stats.js';
export { csvCell, toCsv } from './admin/csv.js';
export { createRateLimiter, clientAddress, clientKey } from './http/rate-limit.js';
export type { RateLimiter } from './http/rate-limit.js';
export { openApiDocument } from './http/openapi.js';

// Rights requests (policy item 23) and the Kazakh working-day calendar their deadlines count in.
export { loadCalendar, calendarWarning, SHIPPED_CALENDAR } from './deadlines/load-calendar.js';
export { workingCalendar, CalendarError } from './deadlines/working-calendar.js';
export type { WorkingCalendar, CalendarFile, CalendarYear, FixedHoliday } from './deadlines/working-calendar.js';
export { dueDate } from './deadlines/due-date.js';
export type { DueDate } from './deadlines/due-date.js';
export { kazakhDay } from './deadlines/calendar-day.js';
export { ERASURE_WHY } from './rights-requests/erasure.js';
export type {
  RightsRequestStore,
  StoredRightsRequest,
  RightsRequestRecord,
  RequestPersonalData,
  RequestEvent,
  RequestEventType,
  RequestStatus,
  ErasureRecord,
} from './rights-requests/rights-types.js';

import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { openStore } from '../store/open-store.js';
import { verifyState } from '../state/verify-state.js';
import { ConfigError, ENVIRONMENT, loadConfig } from './config.js';
import { loadCalendar } from '../deadlines/load-calendar.js';
import { CalendarError } from '../deadlines/working-calendar.js';
import { ControllerKeyError, importControllerKey, loadOrCreateDevKey } from '../controller/controller-key.js';
import { createLogOtpAdapter } from '../otp/otp-adapter.js';
import { openApiDocument } from '../http/openapi.js';
import type { AdminToken } from '../admin/admin-auth.js';
import type { ReceiverLogger } from '../http/receiver-context.js';
import { startReceiver, type RunningReceiver } from './start-receiver.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export function helpText(): string {
  const width = Math.max(...ENVIRONMENT.map((v) => v.name.length));
  return [
    'artgrad-receiver — the reference receiver of signed consent receipts (Law 94-V).',
    '',
    'Usage:',
    '  artgrad-receiver            start the server, configured by environment variables',
    '  artgrad-receiver openapi    print the OpenAPI 3.1 document',
    '  artgrad-receiver verify-state',
    '                              recompute the current state from the receipts and report every',
    '                              difference from the state kept at ingest (exit 3 if any);',
    '                              reads DATABASE_URL, DATABASE_SCHEMA or DATA_DIR',
    '  artgrad-receiver --help     this text',
    '',
    'Environment:',
    ...ENVIRONMENT.flatMap((v) => [`  ${v.name.padEnd(width)}  ${v.meaning}`, `  ${' '.repeat(width)}  default: ${v.default}`]),
    '',
    'Law 94-V Art. 12 (policy item 12): keep the database on the territory of Kazakhstan.',
    'Exit codes: 0 stopped, 1 failed at run time, 2 bad configuration, 3 state differs from the receipts.',
  ].join('\n');
}

export type CliOutcome = { exitCode: number } | { receiver: RunningReceiver };

/** The CLI without process globals, so tests can run it: parse, configure, start. */
export async function runCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo, cwd = process.cwd()): Promise<CliOutcome> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(helpText());
    return { exitCode: 0 };
  }
  if (command === 'openapi' && rest.length === 0) {
    io.out(JSON.stringify(openApiDocument(), null, 2));
    return { exitCode: 0 };
  }
  if (command === 'verify-state' && rest.length === 0) return runVerifyState(env, io, cwd);
  if (command !== undefined) {
    io.err(`artgrad-receiver: unknown argument ${JSON.stringify(command)}; see --help`);
    return { exitCode: 2 };
  }

  let config;
  let controllerKey;
  let calendar;
  try {
    config = loadConfig(env, cwd);
    try {
      calendar = loadCalendar(config.workingDaysFile);
    } catch (error) {
      if (error instanceof CalendarError) throw new ConfigError('WORKING_DAYS_FILE', error.message);
      throw error;
    }
    try {
      controllerKey = config.controllerKey === undefined ? undefined : await importControllerKey(config.controllerKey);
    } catch (error) {
      if (error instanceof ControllerKeyError) throw new ConfigError('CONTROLLER_KEY', error.message);
      throw error;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`artgrad-receiver: configuration error: ${error.message}`);
      return { exitCode: 2 };
    }
    throw error;
  }
  const development = config.mode === 'development';
  const logger: ReceiverLogger = { info: io.out, error: (message, error) => io.err(`${message}: ${error instanceof Error ? error.stack : String(error)}`) };

  try {
    if (!controllerKey) {
      const dev = await loadOrCreateDevKey(config.dataDir);
      controllerKey = dev.key;
      io.out(`${dev.created ? 'generated' : 'loaded'} development controller key ${dev.file}`);
    }
    let adminTokens: AdminToken[] = config.adminTokens;
    if (adminTokens.length === 0 && development) {
      adminTokens = [{ name: 'dev', token: randomBytes(24).toString('base64url') }];
      io.out(`development admin token (name "dev"): ${adminTokens[0]!.token}`);
    }
    const receiver = await startReceiver({
      port: config.port,
      host: config.host,
      dataDir: config.dataDir,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      ...(config.databaseSchema ? { databaseSchema: config.databaseSchema } : {}),
      controllerKey,
      development,
      corsOrigins: config.corsOrigins,
      adminTokens,
      ...(config.otpAdapter === 'log' ? { otpAdapter: createLogOtpAdapter({ print: io.out }) } : {}),
      maxFutureSkewSeconds: config.maxFutureSkewSeconds,
      rateLimitPerMinute: config.rateLimitPerMinute,
      cryptoWorkers: config.cryptoWorkers,
      trustProxy: config.trustProxy,
      requestedPurposes: config.requestedPurposes,
      customPurposes: config.customPurposes,
      ...(config.clearRules ? { clearRules: config.clearRules } : {}),
      calendar,
      logger,
    });
    io.out(`controller key kid ${controllerKey.kid}`);
    io.out(`storing receipts in ${receiver.store.kind === 'postgres' ? 'PostgreSQL' : `SQLite (${config.dataDir})`}`);
    io.out(`artgrad-receiver (${config.mode}) listening on ${receiver.url}`);
    return { receiver };
  } catch (error) {
    const message = error instanceof ControllerKeyError ? `controller key: ${error.message}` : error instanceof Error ? error.message : String(error);
    io.err(`artgrad-receiver: ${message}`);
    return { exitCode: 1 };
  }
}

/** `verify-state`: the log is the truth; this says whether what ingest kept agrees with it. */
async function runVerifyState(env: Readonly<Record<string, string | undefined>>, io: CliIo, cwd: string): Promise<CliOutcome> {
  const databaseUrl = env.DATABASE_URL?.trim();
  const databaseSchema = env.DATABASE_SCHEMA?.trim();
  const store = await openStore({
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(databaseSchema ? { databaseSchema } : {}),
    dataDir: resolve(cwd, env.DATA_DIR?.trim() || './.data'),
  });
  try {
    const started = Date.now();
    const report = await verifyState(store);
    for (const d of report.differences) io.out(`${d.code}: ${d.message}`);
    if (report.truncated) io.out('… and more differences');
    io.out(
      `verify-state: ${report.principals} principals, ${report.devices} devices, ${report.differences.length === 0 ? 'no difference' : `${report.differences.length}${report.truncated ? '+' : ''} differences`} (${Date.now() - started} ms)`,
    );
    return { exitCode: report.differences.length === 0 ? 0 : 3 };
  } finally {
    await store.close();
  }
}

import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_REQUESTED } from '@artgrad/policy';
import { checkClearRules, type ClearRules } from '@artgrad/receipt';
import type { AdminToken } from '../admin/admin-auth.js';
import { MAX_PURPOSE_ID_LENGTH, PURPOSE_ID, purposeCatalogue } from './purposes.js';

/** A configuration mistake, naming the environment variable; the CLI exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export interface ReceiverConfig {
  mode: 'development' | 'production';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
  corsOrigins: string[];
  /** The private JWK, parsed (imported later, which also checks it); absent in development means "generate". */
  controllerKey?: unknown;
  adminTokens: AdminToken[];
  otpAdapter: 'log' | 'none';
  maxFutureSkewSeconds: number;
  rateLimitPerMinute: number;
  /** Worker threads that verify and countersign; 0: on the main thread. */
  cryptoWorkers: number;
  trustProxy: boolean;
  requestedPurposes: string[];
  customPurposes: string[];
  /** The working-day calendar file (absolute); absent: the one this package ships. */
  workingDaysFile?: string;
  /** CLEAR_RULES, parsed: per purpose, what the SDK clears on refusal or withdrawal. */
  clearRules?: Record<string, ClearRules>;
}

/** Every variable, with what it means: the README table and `--help` are made from this. */
export const ENVIRONMENT: readonly { name: string; default: string; meaning: string }[] = [
  { name: 'PORT', default: '8787', meaning: 'TCP port to listen on (0: any free port)' },
  { name: 'HOST', default: '127.0.0.1 in development, 0.0.0.0 in production', meaning: 'address to listen on' },
  { name: 'DATA_DIR', default: './.data', meaning: 'directory of the SQLite file (and the development controller key)' },
  { name: 'DATABASE_URL', default: '(unset: SQLite)', meaning: 'PostgreSQL connection string; when set, PostgreSQL is used instead of SQLite' },
  { name: 'DATABASE_SCHEMA', default: '(search_path)', meaning: 'PostgreSQL schema to create and use' },
  { name: 'CORS_ORIGINS', default: '(none)', meaning: 'comma-separated origins allowed to call from browsers, e.g. https://artgrad.kz' },
  {
    name: 'CONTROLLER_KEY',
    default: 'development: generated in DATA_DIR',
    meaning: 'the controller private key: an EC P-256 JWK as JSON, or a path to a file holding one; required in production',
  },
  { name: 'ADMIN_TOKENS', default: 'development: one generated and printed', meaning: 'admin bearer tokens, name:token,name2:token2 (tokens of 16+ characters)' },
  { name: 'OTP_ADAPTER', default: 'log in development, none in production', meaning: 'one-time code delivery: log (development only: prints codes) or none (/otp answers 503)' },
  { name: 'MAX_FUTURE_SKEW_SECONDS', default: '300', meaning: 'how far ahead of the server clock a receipt time may be' },
  { name: 'CRYPTO_WORKERS', default: 'the number of cores, at most 4', meaning: 'worker threads that verify and countersign receipts, leaving HTTP and the database to the main thread; 0: all on the main thread' },
  { name: 'RATE_LIMIT_PER_MINUTE', default: '600', meaning: 'requests per minute each client may make to POST /receipts, POST /rights-requests and /otp/* together (then 429 with Retry-After; the SDK retries); 0: no limit' },
  { name: 'TRUST_PROXY', default: '0', meaning: '1 behind a reverse proxy: the client is the last X-Forwarded-For address (else every client shares the proxy\u2019s limit)' },
  { name: 'PURPOSES', default: DEFAULT_REQUESTED.join(','), meaning: 'purposes the site asks for, in order, until a marketer switches one' },
  { name: 'CUSTOM_PURPOSES', default: '(none)', meaning: 'the site\u2019s own purpose ids, added to the catalogue' },
  {
    name: 'CLEAR_RULES',
    default: '(none)',
    meaning: 'JSON, per purpose, the cookies and storage keys the SDK clears when it is refused or withdrawn, e.g. {"dissemination":{"cookies":["_vk","_vk_*"],"localStorage":["vk_*"]}}; served in GET /config',
  },
  {
    name: 'WORKING_DAYS_FILE',
    default: 'the calendar shipped in calendar/kz-working-days.json',
    meaning: 'Kazakh non-working days per year, for rights-request deadlines: a JSON file of the shipped file\u2019s shape, updated without a release',
  },
  { name: 'NODE_ENV / RECEIVER_MODE', default: 'production', meaning: 'development only when declared: RECEIVER_MODE=development, or NODE_ENV=development without RECEIVER_MODE' },
];

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function origins(env: Env): string[] {
  return list(env, 'CORS_ORIGINS').map((origin) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.origin !== origin) {
      throw new ConfigError('CORS_ORIGINS', `${JSON.stringify(origin)} is not an origin like https://artgrad.kz (scheme, host, optional port; no path, no "*")`);
    }
    return origin;
  });
}

function adminTokens(env: Env): AdminToken[] {
  const tokens = list(env, 'ADMIN_TOKENS').map((entry): AdminToken => {
    const colon = entry.indexOf(':');
    const name = entry.slice(0, colon);
    const token = entry.slice(colon + 1);
    if (colon < 1 || !/^[A-Za-z0-9._@-]{1,64}$/.test(name)) {
      throw new ConfigError('ADMIN_TOKENS', 'each entry must be name:token, the name of letters, digits, . _ @ - (at most 64)');
    }
    if (token.length < 16 || token.length > 512 || !/^[\x21-\x7e]+$/.test(token) || token.includes(',')) {
      throw new ConfigError('ADMIN_TOKENS', `the token of "${name}" must be 16 to 512 printable characters without spaces or commas`);
    }
    return { name, token };
  });
  const names = tokens.map((t) => t.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new ConfigError('ADMIN_TOKENS', `the name "${repeated}" appears twice`);
  return tokens;
}

function controllerKey(env: Env, cwd: string): unknown {
  const raw = env.CONTROLLER_KEY?.trim();
  if (!raw) return undefined;
  let text = raw;
  if (!raw.startsWith('{')) {
    const file = resolve(cwd, raw);
    if (!existsSync(file)) throw new ConfigError('CONTROLLER_KEY', `is neither a JSON JWK nor the path of an existing file (${file})`);
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError('CONTROLLER_KEY', `cannot read ${file}: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Never echo the text: it is a private key.
    throw new ConfigError('CONTROLLER_KEY', 'is not valid JSON');
  }
}

function purposeIds(env: Env, name: string): string[] {
  const ids = list(env, name);
  const bad = ids.find((id) => id.length > MAX_PURPOSE_ID_LENGTH || !PURPOSE_ID.test(id));
  if (bad !== undefined) throw new ConfigError(name, `${JSON.stringify(bad)} is not a purpose id (lowercase words joined by hyphens)`);
  return ids;
}

/** CLEAR_RULES: purpose → rules, each checked as the SDK checks them (`checkClearRules` of @artgrad/receipt). */
function clearRules(env: Env, purposes: readonly string[]): { clearRules?: Record<string, ClearRules> } {
  const raw = env.CLEAR_RULES?.trim();
  if (!raw) return {};
  const bad = (why: string): never => {
    throw new ConfigError('CLEAR_RULES', why);
  };
  if (raw.length > 16_384) bad('must be at most 16 KB of JSON');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    bad('is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) bad('must be a JSON object: purpose → rules');
  const rules: Record<string, ClearRules> = {};
  for (const [purpose, value] of Object.entries(parsed as object)) {
    if (!purposes.includes(purpose)) bad(`${JSON.stringify(purpose)} is not a purpose of the catalogue (built in, or CUSTOM_PURPOSES)`);
    // Where the SDK reports a bad entry and goes on, the receiver refuses to start: fix it once, here.
    rules[purpose] = checkClearRules(purpose, value, bad)!;
  }
  return { clearRules: rules };
}

/** Reads and checks the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): ReceiverConfig {
  const rawMode = env.RECEIVER_MODE?.trim();
  if (rawMode && rawMode !== 'development' && rawMode !== 'production') {
    throw new ConfigError('RECEIVER_MODE', `must be development or production, not ${JSON.stringify(rawMode)}`);
  }
  // Development is declared, never assumed (as in the SDK): it prints one-time codes and a
  // generated admin token, so a receiver started with nothing set runs as production.
  const mode = rawMode === 'development' || (!rawMode && env.NODE_ENV === 'development') ? 'development' : 'production';
  const development = mode === 'development';

  const port = integer(env, 'PORT', 8787, 0, 65535);
  const host = env.HOST?.trim() || (development ? '127.0.0.1' : '0.0.0.0');
  const dataDir = resolve(cwd, env.DATA_DIR?.trim() || './.data');

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(?:ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// connection string');
  }
  const databaseSchema = env.DATABASE_SCHEMA?.trim() || undefined;
  if (databaseSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    throw new ConfigError('DATABASE_SCHEMA', 'must be a lowercase SQL identifier');
  }

  const key = controllerKey(env, cwd);
  if (key === undefined && !development) {
    throw new ConfigError('CONTROLLER_KEY', 'is required in production (an EC P-256 private JWK, or a path to one)');
  }

  const otp = env.OTP_ADAPTER?.trim() || (development ? 'log' : 'none');
  if (otp !== 'log' && otp !== 'none') throw new ConfigError('OTP_ADAPTER', `must be log or none, not ${JSON.stringify(otp)}`);
  if (otp === 'log' && !development) {
    throw new ConfigError('OTP_ADAPTER', 'log prints one-time codes and is for development only; use none, or a delivery adapter through the API');
  }

  const customPurposes = purposeIds(env, 'CUSTOM_PURPOSES');
  const requested = purposeIds(env, 'PURPOSES');
  const requestedPurposes = requested.length > 0 ? requested : [...DEFAULT_REQUESTED];
  let catalogue: ReturnType<typeof purposeCatalogue>;
  try {
    catalogue = purposeCatalogue({ requested: requestedPurposes, custom: customPurposes });
  } catch (error) {
    throw new ConfigError('PURPOSES', `${(error as Error).message} (add site purposes with CUSTOM_PURPOSES)`);
  }

  return {
    mode,
    port,
    host,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(databaseSchema ? { databaseSchema } : {}),
    corsOrigins: origins(env),
    ...(key === undefined ? {} : { controllerKey: key }),
    adminTokens: adminTokens(env),
    otpAdapter: otp,
    maxFutureSkewSeconds: integer(env, 'MAX_FUTURE_SKEW_SECONDS', 300, 0, 86_400),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    cryptoWorkers: integer(env, 'CRYPTO_WORKERS', Math.min(availableParallelism(), 4), 0, 64),
    trustProxy: integer(env, 'TRUST_PROXY', 0, 0, 1) === 1,
    requestedPurposes,
    customPurposes,
    ...(env.WORKING_DAYS_FILE?.trim() ? { workingDaysFile: resolve(cwd, env.WORKING_DAYS_FILE.trim()) } : {}),
    // Any purpose the catalogue knows: a marketer may switch one on later (third-party transfer, say).
    ...clearRules(env, catalogue.known),
  };
}

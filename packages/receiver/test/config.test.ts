import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ENVIRONMENT, generateControllerKey, helpText, loadConfig, loadOrCreateDevKey, runCli, SHIPPED_CALENDAR, type CliOutcome } from '../src/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'receiver-config-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configError(env: Record<string, string>): ConfigError {
  try {
    // Development unless the case says otherwise, so that each case meets only its own error.
    loadConfig({ RECEIVER_MODE: 'development', ...env }, '/srv');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

async function cli(argv: string[], env: Record<string, string>, cwd?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const outcome: CliOutcome = await runCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) }, cwd);
  return { outcome, out: out.join('\n'), err: err.join('\n') };
}

describe('loadConfig', () => {
  it('is production unless development is declared', () => {
    expect(() => loadConfig({}, '/srv')).toThrow(/CONTROLLER_KEY/);
    expect(loadConfig({ NODE_ENV: 'development' }, '/srv').mode).toBe('development');
  });

  it('has development defaults', () => {
    expect(loadConfig({ RECEIVER_MODE: 'development' }, '/srv')).toEqual({
      mode: 'development',
      port: 8787,
      host: '127.0.0.1',
      dataDir: '/srv/.data',
      corsOrigins: [],
      adminTokens: [],
      otpAdapter: 'log',
      maxFutureSkewSeconds: 300,
      rateLimitPerMinute: 600,
      cryptoWorkers: Math.min(availableParallelism(), 4),
      trustProxy: false,
      requestedPurposes: ['processing', 'dissemination'],
      customPurposes: [],
    });
  });

  it('reads every variable', async () => {
    const { privateJwk } = await generateControllerKey();
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        PORT: '9000',
        HOST: '10.0.0.5',
        DATA_DIR: 'var/receiver',
        DATABASE_URL: 'postgresql://receiver@db.artgrad.kz/consent',
        DATABASE_SCHEMA: 'consent',
        CORS_ORIGINS: 'https://artgrad.kz, https://www.artgrad.kz',
        CONTROLLER_KEY: JSON.stringify(privateJwk),
        ADMIN_TOKENS: 'aigerim:aigerim-0123456789abcdef,daulet:daulet-0123456789abcdef',
        OTP_ADAPTER: 'none',
        MAX_FUTURE_SKEW_SECONDS: '60',
        RATE_LIMIT_PER_MINUTE: '120',
        CRYPTO_WORKERS: '3',
        TRUST_PROXY: '1',
        PURPOSES: 'processing',
        CUSTOM_PURPOSES: 'loyalty-newsletter',
      },
      '/srv',
    );
    expect(config).toEqual({
      mode: 'production',
      port: 9000,
      host: '10.0.0.5',
      dataDir: '/srv/var/receiver',
      databaseUrl: 'postgresql://receiver@db.artgrad.kz/consent',
      databaseSchema: 'consent',
      corsOrigins: ['https://artgrad.kz', 'https://www.artgrad.kz'],
      controllerKey: privateJwk,
      adminTokens: [
        { name: 'aigerim', token: 'aigerim-0123456789abcdef' },
        { name: 'daulet', token: 'daulet-0123456789abcdef' },
      ],
      otpAdapter: 'none',
      maxFutureSkewSeconds: 60,
      rateLimitPerMinute: 120,
      cryptoWorkers: 3,
      trustProxy: true,
      requestedPurposes: ['processing'],
      customPurposes: ['loyalty-newsletter'],
    });
    // RECEIVER_MODE=development wins over NODE_ENV=production.
    expect(loadConfig({ NODE_ENV: 'production', RECEIVER_MODE: 'development' }).mode).toBe('development');
  });

  it('reads CONTROLLER_KEY from a file path', async () => {
    const dir = tempDir();
    const { privateJwk } = await generateControllerKey();
    writeFileSync(join(dir, 'controller.jwk'), JSON.stringify(privateJwk));
    expect(loadConfig({ CONTROLLER_KEY: 'controller.jwk' }, dir).controllerKey).toEqual(privateJwk);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MAX_FUTURE_SKEW_SECONDS: '-5' }, 'MAX_FUTURE_SKEW_SECONDS'],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_SCHEMA: 'Robert"); DROP' }, 'DATABASE_SCHEMA'],
    [{ CORS_ORIGINS: 'https://artgrad.kz/' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ CONTROLLER_KEY: '{"kty":' }, 'CONTROLLER_KEY'],
    [{ CONTROLLER_KEY: '/nonexistent/key.json' }, 'CONTROLLER_KEY'],
    [{ RECEIVER_MODE: 'production' }, 'CONTROLLER_KEY'],
    [{ ADMIN_TOKENS: 'aigerim' }, 'ADMIN_TOKENS'],
    [{ ADMIN_TOKENS: 'aigerim:short' }, 'ADMIN_TOKENS'],
    [{ ADMIN_TOKENS: 'a:0123456789abcdef0,a:0123456789abcdef1' }, 'ADMIN_TOKENS'],
    [{ OTP_ADAPTER: 'twilio' }, 'OTP_ADAPTER'],
    [{ RECEIVER_MODE: 'production', CONTROLLER_KEY: '{}', OTP_ADAPTER: 'log' }, 'OTP_ADAPTER'],
    [{ PURPOSES: 'processing,profiling' }, 'PURPOSES'],
    [{ CUSTOM_PURPOSES: 'Bad Purpose' }, 'CUSTOM_PURPOSES'],
    [{ RECEIVER_MODE: 'staging' }, 'RECEIVER_MODE'],
  ])('%j: an error naming %s', (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it('never echoes a private key in an error', () => {
    const secret = '{"kty":"EC","d":"SECRET-SECRET';
    expect(configError({ CONTROLLER_KEY: secret }).message).not.toContain('SECRET');
  });
});

describe('the CLI', () => {
  it('--help documents every variable and the residency rule', async () => {
    const { outcome, out } = await cli(['--help'], {});
    expect(outcome).toEqual({ exitCode: 0 });
    expect(out).toBe(helpText());
    for (const variable of ['PORT', 'DATA_DIR', 'DATABASE_URL', 'CORS_ORIGINS', 'CONTROLLER_KEY', 'ADMIN_TOKENS', 'OTP_ADAPTER', 'MAX_FUTURE_SKEW_SECONDS', 'NODE_ENV / RECEIVER_MODE']) {
      expect(out).toContain(variable);
      expect(ENVIRONMENT.some((v) => v.name === variable)).toBe(true);
    }
    expect(out).toMatch(/Kazakhstan/);
  });

  it('exits 2 with a message naming the variable on bad configuration', async () => {
    const { outcome, err } = await cli([], { PORT: 'x' });
    expect(outcome).toEqual({ exitCode: 2 });
    expect(err).toMatch(/configuration error: PORT: /);
    const badKey = await cli([], { CONTROLLER_KEY: JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'A', y: 'B', d: 'C' }) });
    expect(badKey.outcome).toEqual({ exitCode: 2 });
    expect(badKey.err).toMatch(/CONTROLLER_KEY: /);
    expect((await cli(['--frobnicate'], {})).outcome).toEqual({ exitCode: 2 });
  });

  it('exits 2 naming WORKING_DAYS_FILE when the calendar is missing or malformed, and starts with a good copy', async () => {
    const dir = tempDir();
    const missing = await cli([], { RECEIVER_MODE: 'development', DATA_DIR: dir, WORKING_DAYS_FILE: join(dir, 'nope.json') });
    expect(missing.outcome).toEqual({ exitCode: 2 });
    expect(missing.err).toMatch(/configuration error: WORKING_DAYS_FILE: cannot read .*nope\.json/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(SHIPPED_CALENDAR, 'utf8')), utcOffset: '+06:00' }));
    const malformed = await cli([], { RECEIVER_MODE: 'development', DATA_DIR: dir, WORKING_DAYS_FILE: bad });
    expect(malformed.outcome).toEqual({ exitCode: 2 });
    expect(malformed.err).toMatch(/WORKING_DAYS_FILE: .*bad\.json: utcOffset/);
    const good = join(dir, 'good.json');
    writeFileSync(good, readFileSync(SHIPPED_CALENDAR, 'utf8'));
    const started = await cli([], { PORT: '0', RECEIVER_MODE: 'development', DATA_DIR: dir, WORKING_DAYS_FILE: good });
    expect('receiver' in started.outcome).toBe(true);
    await (started.outcome as { receiver: { close(): Promise<void> } }).receiver.close();
  });

  it('in development generates the controller key once, persists it privately, and prints its kid', async () => {
    const dir = tempDir();
    const first = await cli([], { PORT: '0', DATA_DIR: dir, RECEIVER_MODE: 'development' });
    expect('receiver' in first.outcome).toBe(true);
    const receiver = (first.outcome as { receiver: Awaited<ReturnType<typeof import('../src/index.js').startReceiver>> }).receiver;
    try {
      const kid = receiver.controllerKey.kid;
      expect(first.out).toContain(`controller key kid ${kid}`);
      expect(first.out).toMatch(/generated development controller key/);
      expect(first.out).toMatch(/development admin token \(name "dev"\): \S{20,}/);
      expect(first.out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      const file = join(dir, 'controller-key.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('d');
      // The private key never reaches the output.
      expect(first.out).not.toContain(JSON.parse(readFileSync(file, 'utf8')).d);
    } finally {
      await receiver.close();
    }
  });

  it('development key: processes starting at once all end up with the same one', async () => {
    const dir = tempDir();
    const keys = await Promise.all(Array.from({ length: 6 }, () => loadOrCreateDevKey(dir)));
    expect(new Set(keys.map((k) => k.key.kid)).size).toBe(1);
    expect(keys.filter((k) => k.created)).toHaveLength(1);
  });

  it('prints the OpenAPI document', async () => {
    const { outcome, out } = await cli(['openapi'], {});
    expect(outcome).toEqual({ exitCode: 0 });
    expect(JSON.parse(out).openapi).toBe('3.1.0');
  });
});

describe('custom purposes given to the app in code', () => {
  it('follow the rule CUSTOM_PURPOSES follows: an id that could be a prototype key or a path never gets in', async () => {
    const { key } = await generateControllerKey();
    const { createReceiverApp, openSqliteStore } = await import('../src/index.js');
    const store = await openSqliteStore({ file: ':memory:' });
    try {
      for (const bad of ['__proto__', 'Loyalty', 'a/b', 'x'.repeat(65)]) {
        expect(() => createReceiverApp({ store, controllerKey: key, customPurposes: [bad] }), bad).toThrow(/custom purpose/);
      }
      expect(() => createReceiverApp({ store, controllerKey: key, customPurposes: ['loyalty-newsletter'] })).not.toThrow();
    } finally {
      await store.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceiver, type RunningReceiver } from '../src/index.js';
import { createDevice } from './fixtures/device.js';

const ORIGIN = 'https://artgrad.kz';

describe('startReceiver (Node HTTP server)', () => {
  let receiver: RunningReceiver;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'receiver-server-'));
    receiver = await startReceiver({ port: 0, dataDir: dir, development: true, corsOrigins: [ORIGIN], logger: { info: () => {}, error: () => {} } });
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on a free port on loopback and answers POST /receipts sent as text/plain (sendBeacon)', async () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.port).toBeGreaterThan(0);
    const jws = await (await createDevice()).sign();
    const response = await fetch(`${receiver.url}/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
      body: JSON.stringify({ receipts: [jws] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const { results } = (await response.json()) as { results: { status: string }[] };
    expect(results[0]!.status).toBe('stored');
    expect(receiver.store.kind).toBe('sqlite');
  });

  it('answers a CORS preflight for an allowed origin, and gives other origins no CORS grant', async () => {
    const preflight = await fetch(`${receiver.url}/receipts`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');

    const stranger = await fetch(`${receiver.url}/config`, { headers: { origin: 'https://evil.example' } });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('cuts off an oversized chunked upload with 413 without reading it all', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${receiver.url}/receipts`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
      // Chunked (no Content-Length): 10 × 16 KiB, more than the 60 KiB limit.
      let sent = 0;
      const pump = () => {
        while (sent < 10) {
          sent++;
          if (!req.write(Buffer.alloc(16_384, 0x20))) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('serves the JWKS, the config and the OpenAPI document', async () => {
    const jwks = (await (await fetch(`${receiver.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys[0]!.kid).toBe(receiver.controllerKey.kid);
    expect((await fetch(`${receiver.url}/config`)).headers.get('cache-control')).toBe('no-cache');
    expect(((await (await fetch(`${receiver.url}/openapi.json`)).json()) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('keeps the development controller key across restarts', async () => {
    const again = await startReceiver({ port: 0, dataDir: dir, development: true, logger: { info: () => {}, error: () => {} } });
    try {
      expect(again.controllerKey.kid).toBe(receiver.controllerKey.kid);
    } finally {
      await again.close();
    }
  });

  it('refuses to start outside development without a controller key', async () => {
    await expect(startReceiver({ port: 0, dataDir: dir })).rejects.toThrow(/controllerKey is required/);
  });
});

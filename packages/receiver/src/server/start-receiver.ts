import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadOrCreateDevKey, type ControllerKey } from '../controller/controller-key.js';
import { createReceiverApp, type ReceiverOptions } from '../http/create-app.js';
import { createCryptoPool, type CryptoPool } from '../ingest/crypto-pool.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

export interface StartReceiverOptions extends Omit<ReceiverOptions, 'store' | 'controllerKey'> {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A store to use (left open on close); otherwise one is opened from `databaseUrl`/`dataDir` (and closed). */
  store?: Store;
  /** SQLite file and development key directory. Default `./.data`. */
  dataDir?: string;
  databaseUrl?: string;
  databaseSchema?: string;
  /** Required unless `development`, where a key is generated once and kept in `dataDir`. */
  controllerKey?: ControllerKey;
  development?: boolean;
  /** Worker threads that verify and countersign (`createCryptoPool`); 0: on the main thread. Default 0. */
  cryptoWorkers?: number;
}

export interface RunningReceiver {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  app: Hono;
  store: Store;
  controllerKey: ControllerKey;
  /** Stops listening, ends idle connections, closes the store if this call opened it. */
  close(): Promise<void>;
}

/** Runs the receiver on Node's HTTP server (through @hono/node-server). */
export async function startReceiver(options: StartReceiverOptions = {}): Promise<RunningReceiver> {
  const dataDir = options.dataDir ?? './.data';
  let controllerKey = options.controllerKey;
  if (!controllerKey) {
    if (!options.development) throw new Error('startReceiver: controllerKey is required outside development');
    controllerKey = (await loadOrCreateDevKey(dataDir)).key;
  }
  const ownsStore = !options.store;
  const store =
    options.store ??
    (await openStore({
      dataDir,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.databaseSchema ? { databaseSchema: options.databaseSchema } : {}),
    }));

  let pool: CryptoPool | undefined;
  try {
    const { port, host, store: _store, dataDir: _dir, databaseUrl: _url, databaseSchema: _schema, development: _dev, cryptoWorkers, ...appOptions } = options;
    if (cryptoWorkers) pool = createCryptoPool(cryptoWorkers, controllerKey);
    const app = createReceiverApp({ ...appOptions, store, controllerKey, ...(pool ? { checkReceipts: pool.check } : {}) });
    const hostname = host ?? '127.0.0.1';
    const server = await new Promise<Server>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: port ?? 8787, hostname }, () => resolve(s as Server)) as Server;
      s.once('error', reject);
    });
    const bound = (server.address() as AddressInfo).port;
    const urlHost = hostname.includes(':') ? `[${hostname}]` : hostname === '0.0.0.0' ? '127.0.0.1' : hostname;
    return {
      url: `http://${urlHost}:${bound}`,
      port: bound,
      app,
      store,
      controllerKey,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await pool?.close();
        if (ownsStore) await store.close();
      },
    };
  } catch (error) {
    await pool?.close();
    if (ownsStore) await store.close();
    throw error;
  }
}

import { join } from 'node:path';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** PostgreSQL when set; otherwise the SQLite file `receiver.sqlite` in `dataDir`. */
  databaseUrl?: string;
  /** PostgreSQL schema (default: the server's search_path). */
  databaseSchema?: string;
  dataDir: string;
}

export const SQLITE_FILE_NAME = 'receiver.sqlite';

/** The store the configuration asks for, migrated and ready. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    return openPostgresStore({
      connectionString: options.databaseUrl,
      ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
    });
  }
  return openSqliteStore({ file: join(options.dataDir, SQLITE_FILE_NAME) });
}

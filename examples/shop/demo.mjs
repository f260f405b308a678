// `npm start`: the demo — the reference receiver with its embedded SQLite database (development
// mode: the controller key is generated once in .data/ and its kid printed), and the shop that
// embeds the banner and sends receipts to the receiver through /api on its own origin.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, startReceiver } from '@artgrad/receiver';
import { startShop } from './server.mjs';

const dataDir = process.env.DATA_DIR ?? fileURLToPath(new URL('../../.data', import.meta.url));
// Pages on other origins that may send receipts straight to the receiver (the shop's own pages go
// through /api), read by the receiver's own rule: `https://shop.kz/`, with its slash, is refused
// here rather than accepted and never matched.
const { corsOrigins } = loadConfig({ RECEIVER_MODE: 'development', CORS_ORIGINS: process.env.CORS_ORIGINS ?? '' });
const receiver = await startReceiver({
  corsOrigins,
  development: true,
  dataDir,
  port: Number(process.env.RECEIVER_PORT ?? 8787),
  // Behind the shop's /api proxy, which appends the shopper's address to X-Forwarded-For.
  trustProxy: true,
  adminTokens: [{ name: 'demo-marketer', token: process.env.DEMO_ADMIN_TOKEN ?? 'demo-admin-token' }],
});
// The marketer console (examples/console, built by `pnpm build`) beside the shop, on its origin.
const consoleDir = fileURLToPath(new URL('../console/dist/', import.meta.url));
const withConsole = existsSync(consoleDir);
const shop = await startShop({ port: Number(process.env.PORT ?? 5173), receiverUrl: receiver.url, ...(withConsole ? { consoleDir } : {}) });
console.log(`ArtGrad demo shop:  ${shop.url}`);
console.log(withConsole ? `Marketer console:   ${shop.url}console/  (sign in with the admin token below)` : 'Marketer console:   not built (run `pnpm build`)');
console.log(`Receiver:           ${receiver.url}  (SQLite in ${dataDir}; controller key ${receiver.controllerKey.kid})`);
console.log(`Admin API token:    ${process.env.DEMO_ADMIN_TOKEN ?? 'demo-admin-token'} (name demo-marketer)`);
console.log(
  corsOrigins.length
    ? `Receiver CORS:      allows ${corsOrigins.join(', ')}`
    : `Receiver CORS:      no other origin; to embed the script elsewhere with data-endpoint="${receiver.url}", start with CORS_ORIGINS=https://your-site`,
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await shop.close();
    await receiver.close();
    process.exit(0);
  });
}

// A worker of the crypto pool: verifies and countersigns the batches it is sent (`checkReceiptsWith`).
import { parentPort, workerData } from 'node:worker_threads';
import { checkReceiptsWith, type CheckOptions } from './check-receipts.js';

const check = checkReceiptsWith(workerData as Parameters<typeof checkReceiptsWith>[0]);
parentPort!.on('message', async (message: { id: number; jwsList: string[]; options: CheckOptions }) => {
  parentPort!.postMessage({ id: message.id, results: await check(message.jwsList, message.options) });
});

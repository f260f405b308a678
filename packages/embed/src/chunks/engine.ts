// Chunk: the SDK's engine (IndexedDB, signing, the outbox and sync). Fetched after the banner paints.
export { startEngine } from '@artgrad/sdk/engine';

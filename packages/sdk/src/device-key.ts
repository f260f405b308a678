import { generateDeviceKey, jwkThumbprint, publicJwk, type PublicJwk } from '@artgrad/receipt';
import type { ConsentStore } from './store.js';

export interface DeviceKey {
  readonly privateKey: CryptoKey;
  readonly jwk: PublicJwk;
  readonly kid: string;
}

/**
 * The device key, made once and kept as a non-extractable CryptoKey in IndexedDB: script can
 * sign with it but never read it out. Callers hold the chain lock, so two tabs never make two.
 */
export async function deviceKey(store: ConsentStore): Promise<DeviceKey> {
  let stored = await store.key();
  if (!stored) {
    const pair = await generateDeviceKey();
    stored = { name: 'device', privateKey: pair.privateKey, publicKey: pair.publicKey, created: Date.now() };
    await store.saveKey(stored);
  }
  const jwk = await publicJwk(stored.publicKey);
  return { privateKey: stored.privateKey, jwk, kid: await jwkThumbprint(jwk) };
}

import { ReceiptError, verifyDeviceProof } from '@artgrad/receipt';
import { HttpError } from './http-error.js';
import type { ReceiverContext } from './receiver-context.js';

const DEVICE_PROOF = /^DeviceProof ([A-Za-z0-9_.-]{1,4096})$/;
/**
 * How far a proof's time may be from the receiver's clock, either way. Its own setting rather
 * than MAX_FUTURE_SKEW_SECONDS (which may be a day, for receipts): a captured proof is good for
 * the same read within this window.
 */
const DEVICE_PROOF_SKEW_SECONDS = 300;

/** Whether an `Authorization` header is a device proof (rather than, say, an admin token). */
export function isDeviceProof(authorization: string | undefined): boolean {
  return authorization !== undefined && DEVICE_PROOF.test(authorization.trim());
}

/**
 * The device key (its thumbprint) that signed the `Authorization: DeviceProof <jws>` header for
 * this very request: method and API path. 401 with `PROOF_INVALID` otherwise.
 */
export async function deviceKidOf(ctx: ReceiverContext, authorization: string | undefined, method: string, path: string): Promise<string> {
  const proof = DEVICE_PROOF.exec((authorization ?? '').trim());
  if (!proof) throw new HttpError(401, 'PROOF_REQUIRED', 'Authorization: DeviceProof <jws> signed by the device key is required', { 'WWW-Authenticate': 'DeviceProof' });
  try {
    return (await verifyDeviceProof(proof[1]!, { method, path, now: ctx.now(), maxSkewSeconds: DEVICE_PROOF_SKEW_SECONDS })).kid;
  } catch (error) {
    if (!(error instanceof ReceiptError)) throw error;
    throw new HttpError(401, 'PROOF_INVALID', `device proof: ${error.code}: ${error.message}`, { 'WWW-Authenticate': 'DeviceProof' });
  }
}

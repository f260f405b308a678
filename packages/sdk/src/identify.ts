import { ConsentError } from './errors.js';

/**
 * Receipts are append-only and travel to backends, so a subject id must not be personal data.
 * An opaque id only: letters, digits and `._:-`, at most 128 characters, and nothing that looks
 * like an e-mail address or a phone number (7+ digits however they are grouped).
 */
export function checkSubjectId(id: unknown): string {
  if (typeof id !== 'string' || !/^[\w.:-]{1,128}$/.test(id)) {
    throw new ConsentError('IDENTIFY', 'identify() takes an opaque customer id: 1–128 letters, digits or . _ : -');
  }
  if (id.includes('@') || ((id.match(/\d/g)?.length ?? 0) >= 7 && /^[\d().+-]+$/.test(id.replace(/^(tel|phone):/i, '')))) {
    throw new ConsentError('IDENTIFY', 'identify() refuses what looks like an e-mail address or a phone number: receipts must not carry personal data');
  }
  return id;
}

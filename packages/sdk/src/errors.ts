/** Every error the SDK raises or reports; `code` is stable, `message` is for people. */
export class ConsentError extends Error {
  override name = 'ConsentError';
  constructor(
    readonly code: ConsentErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ConsentErrorCode =
  | 'CONFIG'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_QUOTA'
  | 'STORAGE'
  | 'NOT_CONFIRMED'
  | 'IDENTIFY'
  | 'SIGNING'
  | 'RECEIPT_REJECTED'
  | 'SYNC'
  | 'OTP'
  /** A part of the SDK or the policy text could not be fetched, or the text is not the one built in. */
  | 'LOAD'
  /** A rights request (item 23) with a kind, details or reply address that cannot be sent. */
  | 'REQUEST_INVALID'
  /** The backend refused a rights request; it is kept, never dropped. */
  | 'REQUEST_REJECTED'
  /** Rights requests need the receiver (`endpoint`) and, to be confirmed, the `<artgrad-consent>` element. */
  | 'REQUEST_UNAVAILABLE'
  /** The shopper left the confirmation step without confirming. */
  | 'CANCELLED';

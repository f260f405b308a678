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
  | 'LOAD';

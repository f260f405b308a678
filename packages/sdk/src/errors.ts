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
  | 'OTP';

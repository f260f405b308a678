import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every whole-request failure the receiver answers with: a status, a stable `code` clients may
 * branch on, and a message for people. Rendered as `{ "error": { "code", "message" } }`.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

import type { ApiErrorBody } from './api-types.js';

/** A failed call: what was asked, the HTTP status (0: no answer), the receiver's code and message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

export interface ApiClientOptions {
  /** Where the receiver is mounted on this origin, e.g. `/api`. */
  base: string;
  token: string;
  /** Called on any 401: the token is wrong, expired or revoked. */
  onUnauthorized: () => void;
  fetch?: typeof fetch;
}

export interface ApiClient {
  json<T>(path: string, init?: { method?: 'GET' | 'PUT' | 'POST'; body?: unknown; signal?: AbortSignal }): Promise<T>;
  /** The raw response of a GET that answered 2xx: for streaming a CSV export. */
  stream(path: string, signal?: AbortSignal): Promise<Response>;
  /** A public document (the JWKS): no token sent. */
  publicJson<T>(path: string, signal?: AbortSignal): Promise<T>;
}

async function failure(response: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | undefined;
  try {
    body = (await response.json()) as Partial<ApiErrorBody>;
  } catch {
    body = undefined;
  }
  const code = body?.error?.code ?? `HTTP_${response.status}`;
  return new ApiError(response.status, code, body?.error?.message ?? response.statusText ?? 'request failed');
}

/**
 * The admin API over the shop's own origin (`/api` proxies to the receiver), with the bearer
 * token on every call. A 401 anywhere signs the marketer out at once, so no screen keeps
 * working on a token the receiver no longer accepts.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const url = (path: string) => `${options.base.replace(/\/$/, '')}${path}`;

  const send = async (path: string, init: RequestInit, authorised: boolean): Promise<Response> => {
    let response: Response;
    try {
      response = await doFetch(url(path), {
        ...init,
        headers: { accept: 'application/json', ...(authorised ? { authorization: `Bearer ${options.token}` } : {}), ...(init.headers as Record<string, string>) },
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : 'network error');
    }
    if (response.status === 401 && authorised) {
      options.onUnauthorized();
      throw await failure(response);
    }
    if (!response.ok) throw await failure(response);
    return response;
  };

  return {
    async json<T>(path: string, init: { method?: 'GET' | 'PUT' | 'POST'; body?: unknown; signal?: AbortSignal } = {}) {
      const response = await send(
        path,
        {
          method: init.method ?? 'GET',
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
          ...(init.signal ? { signal: init.signal } : {}),
        },
        true,
      );
      return (await response.json()) as T;
    },
    stream: (path, signal) => send(path, { method: 'GET', headers: { accept: 'text/csv' }, ...(signal ? { signal } : {}) }, true),
    async publicJson<T>(path: string, signal?: AbortSignal) {
      return (await (await send(path, { method: 'GET', ...(signal ? { signal } : {}) }, false)).json()) as T;
    },
  };
}

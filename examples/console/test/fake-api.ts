// A stand-in for the receiver behind /api: handlers by "METHOD /path", every call recorded.

export interface FakeRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | undefined;
}

export type Handler = (request: FakeRequest) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
export const unauthorized = () => json({ error: { code: 'UNAUTHORIZED', message: 'a valid admin bearer token is required' } }, 401);

export function fakeApi(routes: Record<string, Handler>) {
  const calls: FakeRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://shop.test');
    const request: FakeRequest = {
      method: init.method ?? 'GET',
      url,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init.signal ?? undefined,
    };
    calls.push(request);
    if (request.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const handler = routes[`${request.method} ${url.pathname}`];
    if (!handler) return json({ error: { code: 'NOT_FOUND', message: `no fake for ${request.method} ${url.pathname}` } }, 404);
    return handler(request);
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

/** A promise to settle by hand: for seeing what the screen shows while a request is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Fetches the script-tag build's other parts (content-hashed ES modules beside the script) from
 * the script's own URL, so that one `<script src>` works from any origin or CDN. A CDN on
 * another origin must send `Access-Control-Allow-Origin` (module scripts are fetched with CORS);
 * a CSP must allow the script's origin in `script-src`, as it already must for the script.
 */

/** The build writes each part's file name here (see `build.mjs`). */
declare const __ARTGRAD_CHUNKS__: Readonly<Record<ChunkName, string>>;
export type ChunkName = 'engine' | 'document' | 'later' | 'languages' | 'otp' | 'embeds';

let base = '';
let timeoutMs = 10_000;
const attempts = new Map<ChunkName, number>();

/** Where the parts are (the script's own URL) and how long to wait for one before giving up. */
export function setChunkBase(scriptUrl: string, timeout?: number): void {
  base = scriptUrl;
  // Bounded: a second is the least a slow phone needs, a minute the most a shopper would wait.
  if (timeout !== undefined && timeout > 0) timeoutMs = Math.min(Math.max(Math.round(timeout), 1_000), 60_000);
}

/** The URL of a part; a retry asks for a new URL, since a failed module stays failed under its own. */
export function chunkUrl(name: ChunkName, attempt = 0): string {
  const url = new URL(__ARTGRAD_CHUNKS__[name], base || document.baseURI);
  if (attempt) url.search = `retry=${attempt}`;
  return url.href;
}

/**
 * Imports a part. A 404, a CSP refusal or no answer within the timeout rejects, and the console
 * names the URL; the caller says so to the shopper and calls again to retry.
 */
export function loadChunk<T>(name: ChunkName): Promise<T> {
  const attempt = attempts.get(name) ?? 0;
  const url = chunkUrl(name, attempt);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)));
  return Promise.race([import(/* @vite-ignore */ url) as Promise<T>, late]).then(
    (module) => (clearTimeout(timer), module),
    (error: Error) => {
      clearTimeout(timer);
      attempts.set(name, attempt + 1);
      console.error(`[artgrad-consent] could not load ${url}: ${error.message}`);
      throw error;
    },
  );
}

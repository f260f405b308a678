import { HttpError } from './http-error.js';

/**
 * The media types a JSON body may come as: `application/json` from fetch, `text/plain` from
 * navigator.sendBeacon (a CORS-safelisted type, so a beacon needs no preflight).
 */
const JSON_MEDIA_TYPES = new Set(['application/json', 'text/plain']);

function checkContentType(header: string | null): void {
  if (header === null) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json or text/plain');
  const [type = '', ...params] = header.split(';');
  const mediaType = type.trim().toLowerCase();
  if (!JSON_MEDIA_TYPES.has(mediaType)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type ${JSON.stringify(mediaType.slice(0, 100))} is not application/json or text/plain`);
  }
  for (const param of params) {
    const [name = '', value = ''] = param.split('=');
    if (name.trim().toLowerCase() === 'charset' && !/^"?utf-8"?$/i.test(value.trim())) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be UTF-8');
    }
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${maxBytes} bytes`);
}

/**
 * Reads and parses a JSON body of at most `maxBytes`, counting while reading: a client that
 * lies about (or omits) Content-Length still cannot make the server buffer more than the limit.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  checkContentType(request.headers.get('content-type'));
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!/^\d{1,15}$/.test(declared.trim())) throw new HttpError(400, 'INVALID_REQUEST', 'Content-Length is not a number');
    if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
  }

  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        // Stop the upload: the rest is never read into memory.
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', 'the body is not UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', 'the body is not JSON');
  }
}

// The admin token lives in sessionStorage only: gone when the tab closes, never in
// localStorage, a cookie or the URL, and never sent anywhere but the admin API.
const KEY = 'artgrad-console:token';

export function readToken(storage: Storage = sessionStorage): string | null {
  try {
    return storage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string, storage: Storage = sessionStorage): void {
  storage.setItem(KEY, token);
}

export function clearToken(storage: Storage = sessionStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // Storage blocked: nothing was kept either.
  }
}

/** What the receiver accepts as a bearer token (1–512 printable ASCII, no spaces); checked before sending. */
export const TOKEN_PATTERN = /^[\x21-\x7e]{1,512}$/;

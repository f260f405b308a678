// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/preact';
import { ApiError } from '../src/api-client.js';
import { ErrorNotice } from '../src/notices.js';
import { renderInLocale } from './render-in-locale.js';

afterEach(cleanup);

describe('error notices', () => {
  it('"the server could not be reached" only for a request that got no answer (ApiError status 0)', () => {
    renderInLocale(<ErrorNotice action="loadProof" error={new ApiError(0, 'NETWORK', 'Failed to fetch')} />, 'en');
    expect(screen.getByRole('alert').textContent).toBe('Could not load the proof.The server could not be reached (Failed to fetch).');
    cleanup();
    renderInLocale(<ErrorNotice action="loadProof" error={new ApiError(503, 'UNAVAILABLE', 'try later')} />, 'en');
    expect(screen.getByRole('alert').textContent).toBe('Could not load the proof.The server answered 503 UNAVAILABLE: try later');
  });

  it('anything else (a parse error, a crash in the browser) is said plainly, not blamed on the network', () => {
    renderInLocale(<ErrorNotice action="loadProof" error={new TypeError("Cannot read properties of undefined (reading 'receipts')")} />, 'en');
    const text = screen.getByRole('alert').textContent!;
    expect(text).not.toContain('could not be reached');
    expect(text).toBe("Could not load the proof.Cannot read properties of undefined (reading 'receipts')");
    cleanup();
    renderInLocale(<ErrorNotice action="loadStats" error={new SyntaxError('Unexpected token < in JSON')} />, 'kk');
    expect(screen.getByRole('alert').textContent).not.toContain('Серверге қосылу мүмкін болмады');
  });
});

import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../src/routes.js';

const KID = 'A'.repeat(43);

describe('hash routes', () => {
  it('round-trips every screen', () => {
    const routes: Route[] = [
      { name: 'dashboard' },
      { name: 'holders', q: 'customer 1&2', page: 3 },
      { name: 'holders', q: '', page: 2, after: 'WzE3NTAwMDAwMDAsImFiYyJd' },
      { name: 'withdrawals', q: 'x', page: 4, since: '2026-10-01', after: 'WzE3NTAwMDAwMDAsImFiYyJd' },
      { name: 'withdrawals', q: '', page: 1, since: '2026-10-01' },
      { name: 'proof', kid: KID, receipt: '0000-1', list: 'withdrawals', customer: 'customer 1&2', back: '#/holders?q=x&page=2' },
      { name: 'proof', kid: KID, receipt: `0000-1#${KID}`, list: '', customer: '', back: '#/holders' },
      { name: 'stats', purpose: 'processing', from: '2026-10-01', to: '2026-10-31' },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it('falls back safely on anything malformed', () => {
    expect(parseRoute('#/nowhere')).toEqual({ name: 'dashboard' });
    expect(parseRoute('#/proof/not-a-kid')).toEqual({ name: 'dashboard' });
    expect(parseRoute('#/holders?page=-4')).toEqual({ name: 'holders', q: '', page: 1 });
    // A cursor that is not one (or one on page 1, where nothing comes before) is dropped: the page is then asked by offset.
    expect(parseRoute('#/holders?page=2&after=%3Cscript%3E')).toEqual({ name: 'holders', q: '', page: 2 });
    expect(parseRoute('#/holders?after=abc')).toEqual({ name: 'holders', q: '', page: 1 });
    expect(parseRoute(`#/holders?q=${'x'.repeat(500)}`)).toMatchObject({ q: 'x'.repeat(200) });
    expect(parseRoute('#/withdrawals?since=yesterday')).toMatchObject({ since: '' });
    expect(parseRoute(`#/proof/${KID}?list=everyone`)).toMatchObject({ list: '' });
    expect(parseRoute('#/stats?purpose=<script>')).toMatchObject({ purpose: 'dissemination' });
    // "back" becomes a link: only one of our own routes, never another URL or scheme.
    for (const back of ['https://evil.example/', 'javascript:alert(1)', '//evil.example', '#//evil.example']) {
      expect(parseRoute(`#/proof/${KID}?back=${encodeURIComponent(back)}`)).toMatchObject({ back: '#/holders' });
    }
  });
});

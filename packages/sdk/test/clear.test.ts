// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { checkClearRules, clearAttribute } from '@artgrad/sdk';
import { matches } from '../src/clear/clear-rules.js';
import { clearOnRefusal } from '../src/clear/clear-on-refusal.js';
import type { ConsentError } from '../src/errors.js';

describe('clear rules', () => {
  it('reads data-clear-<purpose> as kind:entry tokens', () => {
    expect(clearAttribute(' cookie:_ga cookie:_ga_*  local:ym_* session:tmp domain:.artgrad.kz path:/shop ')).toEqual({
      cookies: ['_ga', '_ga_*'],
      localStorage: ['ym_*'],
      sessionStorage: ['tmp'],
      domains: ['.artgrad.kz'],
      paths: ['/shop'],
    });
  });

  it('matches exact names and * globs, and nothing that merely contains them', () => {
    expect(matches(['_ga'], '_ga')).toBe(true);
    expect(matches(['_ga'], '_ga_X1')).toBe(false);
    expect(matches(['_ga_*'], '_ga_X1')).toBe(true);
    expect(matches(['*_id'], 'vk_id')).toBe(true);
    expect(matches(['a.b*'], 'aXb1')).toBe(false); // the dot is a dot, not a regex wildcard
    expect(matches(undefined, 'x')).toBe(false);
  });

  it('names each bad entry and keeps the good ones', () => {
    const problems: string[] = [];
    const rules = checkClearRules('dissemination', { cookies: ['_ga', 'a b', 7], sessionStorage: 'x', bogus: ['y'] }, (m) => problems.push(m));
    expect(rules).toEqual({ cookies: ['_ga'] });
    expect(problems).toEqual([
      'clear.dissemination.cookies: "a b" is not a name, key or * pattern',
      'clear.dissemination.cookies: 7 is not a name, key or * pattern',
      'clear.dissemination.sessionStorage must be a list of at most 50 entries',
      'clear.dissemination.bogus is not one of cookies, localStorage, sessionStorage, domains, paths',
    ]);
    expect(checkClearRules('x', [], () => {})).toBeNull();
    expect(clearAttribute('cookie:_ga bogus:y')).toEqual({ cookies: ['_ga'], 'unknown kind "bogus"': ['y'] });
  });

  it('reports a rule for an unknown purpose, merges the backend’s rules into the site’s, and clears only purposes denied that have rules', () => {
    const errors: ConsentError[] = [];
    const clearing = clearOnRefusal({ dissemination: { localStorage: ['vk_*'] }, nope: { cookies: ['x'] } }, (p) => p !== 'nope', (e) => errors.push(e));
    expect(errors.map((e) => [e.code, e.message])).toEqual([['CONFIG', 'clear: unknown purpose "nope"']]);
    clearing.add({ dissemination: { localStorage: ['ok_*'] } });
    localStorage.setItem('vk_1', '1');
    localStorage.setItem('ok_1', '1');
    localStorage.setItem('keep', '1');
    expect(clearing.apply({ processing: false }, { processing: true })).toBeUndefined();
    expect(clearing.apply({ dissemination: false }, { dissemination: true })).toEqual({ purposes: ['dissemination'], cookies: [], localStorage: ['vk_1', 'ok_1'], sessionStorage: [], reloadAdvised: true });
    expect(Object.keys(localStorage)).toEqual(['keep']);
    expect(clearing.apply({ dissemination: true }, {})).toBeUndefined();
  });
});

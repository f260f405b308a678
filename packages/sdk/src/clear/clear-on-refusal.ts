import { ConsentError } from '../errors.js';
import type { ConsentChange } from '../events.js';
import type { Decisions } from '../record.js';
import { clearPurposes } from './clear-purposes.js';
import { checkClearRules, clearAttribute, type ClearRules } from './clear-rules.js';

/**
 * The engine's clearing: the site's rules (configuration and `data-clear-*`) with the backend's
 * `/config` ones added, checked once each (every bad entry an `error` event, `CONFIG`), and
 * applied to the purposes a decision leaves denied.
 */
export function clearOnRefusal(site: Readonly<Record<string, unknown>>, known: (purpose: string) => boolean, report: (error: ConsentError) => void) {
  let rules: Record<string, ClearRules> = {};
  const add = (input: unknown) => {
    if (typeof input !== 'object' || input === null) return report(new ConsentError('CONFIG', 'clear must be an object: purpose → rules'));
    for (const [purpose, value] of Object.entries(input)) {
      if (!known(purpose)) {
        report(new ConsentError('CONFIG', `clear: unknown purpose "${purpose.slice(0, 40)}"`));
        continue;
      }
      // A `data-clear-*` attribute arrives as its text.
      const checked = checkClearRules(purpose, typeof value === 'string' ? clearAttribute(value) : value, (message) => report(new ConsentError('CONFIG', message)));
      if (checked) rules = { ...rules, [purpose]: merge(rules[purpose], checked) };
    }
  };
  add(site);
  return {
    add,
    /**
     * Clears the purposes `after` denies that have rules; `reloadAdvised` when one of them was
     * granted `before`. Undefined when nothing had rules.
     */
    apply(after: Decisions, before: Decisions): ConsentChange['cleared'] {
      const denied = Object.keys(after).filter((p) => !after[p] && rules[p]);
      if (!denied.length) return undefined;
      return { ...clearPurposes(rules, denied), reloadAdvised: denied.some((p) => before[p]) };
    },
  };
}

function merge(a: ClearRules | undefined, b: ClearRules): ClearRules {
  if (!a) return b;
  const out: Record<string, string[]> = {};
  for (const kind of new Set([...Object.keys(a), ...Object.keys(b)])) out[kind] = [...new Set([...((a as Record<string, string[]>)[kind] ?? []), ...((b as Record<string, string[]>)[kind] ?? [])])];
  return out;
}

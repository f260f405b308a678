import { BULLET } from './normalize.js';

/** A numbered sub-item `n)` with the bulleted lines that follow it. */
export interface PolicySubItem {
  readonly n: number;
  readonly text: string;
  readonly bullets: readonly string[];
}

/** A block inside a numbered item, in document order. */
export type PolicyPart =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'sub'; readonly sub: PolicySubItem };

export interface PolicyItem {
  readonly n: number;
  readonly text: string;
  readonly parts: readonly PolicyPart[];
}

/** The structure of a policy text: what comes before item 1, then the numbered items. */
export interface PolicyStructure {
  readonly title: string;
  readonly name: string;
  readonly preamble: readonly string[];
  readonly items: readonly PolicyItem[];
}

const ITEM = /^(\d+)\. (.*)$/s;
const SUB = /^(\d+)\) (.*)$/s;

/**
 * Parses canonical text (see `normalizePolicyText`) into its structure. The first block is the
 * title, the second the policy's name, the rest up to item `1.` the preamble.
 * Throws `PolicyError` when the text has no numbered items or a bullet outside a sub-item.
 */
export function parsePolicy(canonical: string): PolicyStructure {
  const head: string[] = [];
  const items: { n: number; text: string; parts: PolicyPart[] }[] = [];
  for (const block of canonical.split('\n')) {
    const item = ITEM.exec(block);
    const current = items[items.length - 1];
    if (item) {
      items.push({ n: Number(item[1]), text: item[2]!, parts: [] });
    } else if (!current) {
      head.push(block);
    } else if (block.startsWith(BULLET)) {
      const last = current.parts[current.parts.length - 1];
      if (last?.kind !== 'sub') throw new PolicyError('POLICY_BULLET', `a bullet outside a sub-item in item ${current.n}`);
      (last.sub.bullets as string[]).push(block.slice(2));
    } else {
      const sub = SUB.exec(block);
      current.parts.push(
        sub
          ? { kind: 'sub', sub: { n: Number(sub[1]), text: sub[2]!, bullets: [] } }
          : { kind: 'paragraph', text: block },
      );
    }
  }
  if (!items.length || head.length < 2) throw new PolicyError('POLICY_STRUCTURE', 'expected a title, a name and numbered items');
  return { title: head[0]!, name: head[1]!, preamble: head.slice(2), items };
}

/** Errors of the policy package; `code` is stable, the message is for people. */
export class PolicyError extends Error {
  override name = 'PolicyError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  BULLET,
  DEFAULT_REQUESTED,
  kazakhPolicy,
  normalizePolicyText,
  parsePolicy,
  PolicyError,
  PURPOSES,
  EXTRA_PURPOSES,
  STRINGS,
  OTP_STRINGS,
  translatedPolicy,
} from '@artgrad/policy';

const seedPath = new URL('../seed/kk.txt', import.meta.url);
const raw = readFileSync(seedPath, 'utf8');
const words = (text: string) => text.split(/\s+/).filter((w) => w && w !== BULLET);

describe('the bundled Kazakh policy', () => {
  const policy = kazakhPolicy();

  it('is the seed, word for word and mark for mark', () => {
    expect(words(policy.text)).toEqual(words(raw));
    // Only whitespace and the bullet glyph differ.
    expect(policy.text.replace(/\s+/g, '')).toBe(raw.replace(/\s+/g, ''));
  });

  it('is the copy the user gave, when the shared seed is beside the repo', () => {
    const shared = new URL('../../../../shared/seed/000_51c4492925247ea6.txt', import.meta.url);
    if (!existsSync(shared)) return; // a clone without shared/ still checks everything else
    expect(readFileSync(shared, 'utf8')).toBe(raw);
  });

  it('was generated from the seed and its hash is the SHA-256 of the canonical text', () => {
    expect(policy.text).toBe(normalizePolicyText(raw));
    expect(policy.sha256).toBe(createHash('sha256').update(policy.text, 'utf8').digest('base64url'));
  });

  it('has the title, the name, the preamble and items 1–26 in order', () => {
    expect(policy.title).toBe('Дербес деректерді өңдеуге келісім беруге ақпараттық қосымша');
    expect(policy.name).toBe('«АртГрад» ЖШС дербес деректерді өңдеу саясаты');
    expect(policy.preamble).toHaveLength(1);
    expect(policy.items.map((i) => i.n)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  });

  it('keeps sub-items, second paragraphs and bullets where they belong', () => {
    const item = (n: number) => policy.items[n - 1]!;
    const subs = (n: number) => item(n).parts.flatMap((p) => (p.kind === 'sub' ? [p.sub] : []));
    expect(subs(1).map((s) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(subs(23)[5]!.text).toContain('жалпыға қол жетімді көздерінде таратуға');
    expect(subs(23)[0]!.bullets).toHaveLength(3);
    expect(subs(26)[7]!.bullets).toHaveLength(4);
    expect(item(8).parts).toEqual([{ kind: 'paragraph', text: expect.stringMatching(/^Субъект немесе оның заңды өкілі, егер/) }]);
    expect(item(18).parts).toHaveLength(1);
    expect(item(12).text).toContain('Республикасының аумағында сақталатын базада');
  });
});

describe('parsePolicy', () => {
  it('rejects text without numbered items, with a code', () => {
    expect(() => parsePolicy('Title\nName\nno items')).toThrow(PolicyError);
    try {
      parsePolicy('Title');
    } catch (e) {
      expect((e as PolicyError).code).toBe('POLICY_STRUCTURE');
    }
  });

  it('rejects a bullet that belongs to no sub-item', () => {
    expect(() => parsePolicy(`T\nN\n1. x\n${BULLET} y`)).toThrow(/bullet outside a sub-item in item 1/);
  });

  it('gives an owner translation its own hash', async () => {
    const ru = await translatedPolicy('ru', '2024-1', 'Приложение\nПолитика ТОО «АртГрад»\n1. Первый пункт.\n1) подпункт;');
    expect(ru.language).toBe('ru');
    expect(ru.items[0]!.parts).toHaveLength(1);
    expect(ru.sha256).not.toBe(kazakhPolicy().sha256);
    expect(ru.sha256).toBe(createHash('sha256').update(ru.text).digest('base64url'));
  });
});

describe('purposes and strings', () => {
  it('requests processing and dissemination by default, each labelled in three languages', () => {
    expect(DEFAULT_REQUESTED).toEqual(['processing', 'dissemination']);
    for (const p of [...PURPOSES, ...EXTRA_PURPOSES]) for (const lang of ['kk', 'ru', 'en'] as const) expect(p.label[lang].length).toBeGreaterThan(5);
  });

  it('has every interface string in every language', () => {
    const keys = Object.keys(STRINGS.kk).sort();
    expect(Object.keys(STRINGS.ru).sort()).toEqual(keys);
    expect(Object.keys(STRINGS.en).sort()).toEqual(keys);
    expect(STRINGS.kk.fullText).toBe('Толық мәтін');
    expect(STRINGS.kk.reopen).toBe('Жеке деректер');
    for (const table of [OTP_STRINGS]) {
      const otpKeys = Object.keys(table.kk).sort();
      expect(Object.keys(table.ru).sort()).toEqual(otpKeys);
      expect(Object.keys(table.en).sort()).toEqual(otpKeys);
      for (const l of ['kk', 'ru', 'en'] as const) for (const value of Object.values(table[l])) expect(value.trim()).not.toBe('');
    }
  });
});

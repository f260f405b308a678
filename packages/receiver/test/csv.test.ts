import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, toCsv } from '../src/index.js';

describe('CSV', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+7 701 123 45 67', "'+7 701 123 45 67"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['', ''],
    // Excel with a `;` list separator (kk-KZ, ru-KZ, ru-RU) would read a formula cell after each `;`.
    ['c-1;=1+1', `"c-1;'=1+1"`],
    ["shopper;=cmd|' /C calc'!A0;", `"shopper;'=cmd|' /C calc'!A0;"`],
    ['a;b', '"a;b"'],
  ])('%j → %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it('never lets a cell start with a formula character, and round-trips through a CSV reader', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'я', ';', ',', '=', '+', '-', '@', '\t', '\r', '\n', '"', ' '), maxLength: 20 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (rows) => {
        const cells = rows.flat().map(csvCell);
        for (const cell of cells) {
          expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
          expect(cell).not.toMatch(/;[=+\-@\t\r]/);
        }
        expect(toCsv(rows).endsWith('\r\n')).toBe(true);
      }),
    );
  });
});

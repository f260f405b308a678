/**
 * Turns text extracted from a PDF into the canonical policy text: one block per line.
 *
 * PDF extraction breaks lines mid-sentence and puts empty lines anywhere, so line breaks carry
 * no meaning on their own. A block starts only where the document itself marks one:
 * - a numbered item `12. ` or sub-item `3) `, or a bullet (U+F0FC, a symbol-font check mark);
 * - after a line holding only spaces (the extractor's paragraph separator, unlike empty lines);
 * - a capitalised line after a block that ended a sentence with `.`.
 * Inside a block, runs of whitespace become one space. Words and punctuation are never touched.
 */
export const BULLET = '\uF0FC';

const STARTS_BLOCK = /^(\d+[.)]\s|\uF0FC)/;
const CAPITAL = /^[\p{Lu}«"]/u;

export function normalizePolicyText(raw: string): string {
  const blocks: string[] = [];
  let hardBreak = true;
  for (const line of raw.replace(/\r\n?/g, '\n').split('\n')) {
    const text = line.replace(/\s+/g, ' ').trim();
    if (!text) {
      // An empty line is a soft wrap; a line of spaces is a paragraph separator.
      if (line.length > 0) hardBreak = true;
      continue;
    }
    const prev = blocks[blocks.length - 1];
    const isNew =
      prev === undefined ||
      hardBreak ||
      STARTS_BLOCK.test(text) ||
      (prev.endsWith('.') && CAPITAL.test(text));
    if (isNew) blocks.push(text.startsWith(BULLET) ? `${BULLET} ${text.slice(1).trim()}` : text);
    else blocks[blocks.length - 1] = `${prev} ${text}`;
    hardBreak = false;
  }
  return blocks.join('\n');
}

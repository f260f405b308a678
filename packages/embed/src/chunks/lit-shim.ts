/**
 * `lit` as the later chunk sees it. A chunk's templates are rendered by the core's lit, so the
 * chunk needs only what makes a template: `html` makes the plain object lit renders, and
 * `nothing` is the registered symbol every copy of lit shares (`Symbol.for('lit-nothing')`).
 * Carrying lit a second time would cost 5 KB brotli.
 */
export const html = (strings: TemplateStringsArray, ...values: unknown[]) => ({ ['_$litType$']: 1 as const, strings, values });
export const nothing = Symbol.for('lit-nothing');

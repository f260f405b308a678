/**
 * Keeps the page's focused element out from under our fixed banner (WCAG 2.2, 2.4.11 Focus Not
 * Obscured): the browser scrolls focused elements clear of `scroll-padding-bottom`, and an empty
 * `body::after` of the same height lets even the page's last controls scroll clear.
 * A constructed stylesheet, not a `style` attribute: it works under `style-src 'self'`, and
 * adding space after the last element shifts nothing that is already on screen (CLS stays 0).
 */
let sheet: CSSStyleSheet | undefined;

export function reserveBottom(px: number): void {
  if (!sheet) {
    if (!px) return;
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  const h = Math.ceil(px);
  sheet.replaceSync(h ? `html{scroll-padding-bottom:${h + 8}px}body::after{content:"";display:block;height:${h + 8}px}` : '');
}

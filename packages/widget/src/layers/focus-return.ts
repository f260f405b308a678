/**
 * Where focus goes back to when the layers close: the control the shopper was on when they
 * opened (through shadow roots), else the element's own way back in.
 */
export function focusedElement(): HTMLElement | null {
  let active = document.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

/** Focuses `remembered` if it is still on the page (and not the body), else `fallback()`. */
export function returnFocus(remembered: HTMLElement | null, fallback: () => HTMLElement | null): void {
  const target = remembered?.isConnected && remembered !== document.body ? remembered : null;
  (target ?? fallback())?.focus();
}

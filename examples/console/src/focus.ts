/**
 * Whether focus fell to <body>: the focused control was taken out of the page (a button replaced
 * by the next state's), so a keyboard or screen-reader user would start again from the top.
 */
export function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}

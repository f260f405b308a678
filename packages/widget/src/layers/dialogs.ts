/** Opens or closes a modal `<dialog>` to match `open`; true when this call opened it. */
export function setOpen(dialog: HTMLDialogElement, open: boolean): boolean {
  if (open && !dialog.open) {
    dialog.showModal();
    return true;
  }
  if (!open && dialog.open) dialog.close();
  return false;
}

/** Keeps Tab inside a modal layer, wrapping at both ends. */
export function trapFocus(event: KeyboardEvent): void {
  if (event.key !== 'Tab') return;
  const dialog = event.currentTarget as HTMLDialogElement;
  const focusable = [...dialog.querySelectorAll<HTMLElement>('button:not([disabled]), input, select, [tabindex="0"]')];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const active = (dialog.getRootNode() as ShadowRoot).activeElement;
  if (event.shiftKey && (active === first || !focusable.includes(active as HTMLElement))) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first?.focus();
  }
}

import { css } from 'lit';

// Colours meet WCAG 2.2 AA on the default white: text #1a1a1a (17:1), accent #1d3a5f with white
// text (11:1), borders #5c5c5c (6.7:1, above the 3:1 for controls). Targets are at least 24 px.
export const styles = css`
  :host {
    display: block;
    --_bg: var(--artgrad-bg, #fff);
    --_fg: var(--artgrad-fg, #1a1a1a);
    --_accent: var(--artgrad-accent, #1d3a5f);
    --_accent-fg: var(--artgrad-accent-fg, #fff);
    --_focus: var(--artgrad-focus, #b3261e);
    font: 15px/1.45 var(--artgrad-font, system-ui, sans-serif);
    color: var(--_fg);
  }
  :host([mode='inline']) { margin: 1rem 0; }
  * { box-sizing: border-box; }
  h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
  h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
  p { margin: 0.4rem 0; }
  .banner, .reopen, dialog { background: var(--_bg); color: var(--_fg); }
  .banner {
    position: fixed; inset: auto 0 0 0; z-index: 2147483000;
    max-height: 70vh; overflow: auto; padding: 1rem max(1rem, calc((100vw - 52rem) / 2));
    border-top: 2px solid var(--_accent); box-shadow: 0 -4px 16px rgb(0 0 0 / 0.18);
  }
  .head { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; justify-content: space-between; align-items: baseline; }
  .controller { font-weight: 600; }
  .purposes { list-style: none; padding: 0; margin: 0.5rem 0; display: grid; gap: 0.5rem; }
  .purpose { display: flex; gap: 0.75rem; align-items: flex-start; cursor: pointer; }
  .purpose span { display: grid; }
  small { font-size: 0.9em; }
  input[role='switch'] {
    appearance: none; flex: none; width: 44px; height: 24px; margin: 0; border-radius: 12px;
    border: 2px solid #5c5c5c; background: var(--_bg); position: relative; cursor: pointer;
  }
  input[role='switch']::before {
    content: ''; position: absolute; top: 2px; left: 2px; width: 16px; height: 16px;
    border-radius: 50%; background: #5c5c5c; transition: transform 0.15s;
  }
  input[role='switch']:checked { background: var(--_accent); border-color: var(--_accent); }
  input[role='switch']:checked::before { transform: translateX(20px); background: var(--_accent-fg); }
  .check { display: flex; gap: 0.6rem; align-items: flex-start; margin: 0.75rem 0; font-weight: 600; cursor: pointer; }
  .check input { width: 24px; height: 24px; margin: 0; flex: none; accent-color: var(--_accent); }
  .actions { display: grid; grid-template-columns: 1fr 1fr; gap: 0.75rem; margin-top: 0.5rem; }
  .btn {
    min-height: 44px; padding: 0.5rem 1rem; border: 2px solid var(--_accent); border-radius: 6px;
    background: var(--_accent); color: var(--_accent-fg); font: inherit; font-weight: 600; cursor: pointer;
  }
  .btn.secondary { background: var(--_bg); color: var(--_accent); }
  .btn:disabled { opacity: 0.55; cursor: not-allowed; }
  .link {
    min-height: 24px; padding: 0 0.15rem; border: 0; background: none; color: var(--_accent);
    font: inherit; text-decoration: underline; cursor: pointer;
  }
  select { min-height: 28px; font: inherit; color: var(--_fg); background: var(--_bg); border: 1px solid #5c5c5c; }
  :focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
  .status:empty { display: none; }
  .status { font-weight: 600; }
  .reopen {
    position: fixed; left: 0.75rem; bottom: 0.75rem; z-index: 2147483000; min-height: 32px;
    padding: 0.25rem 0.75rem; border: 2px solid var(--_accent); border-radius: 16px; color: var(--_accent);
    font: inherit; font-size: 0.875rem; font-weight: 600; cursor: pointer;
  }
  dialog { width: min(40rem, calc(100vw - 2rem)); max-height: 85vh; border: 0; border-radius: 8px; padding: 1.25rem; }
  dialog::backdrop { background: rgb(0 0 0 / 0.5); }
  dialog:not([open]) { display: none; }
  dialog h2:focus { outline: none; }
  dialog h2:focus-visible { outline: 3px solid var(--_focus); }
  .text { width: min(52rem, calc(100vw - 2rem)); padding: 0; display: flex; flex-direction: column; }
  .text[open] { display: flex; }
  .bar { display: flex; justify-content: flex-end; padding: 0.5rem 1rem; border-bottom: 1px solid #ccc; }
  .scroll { overflow: auto; padding: 0 1.25rem 1rem; }
  .policy ol { padding-left: 0; list-style: none; }
  .policy .subs { padding-left: 1.25rem; }
  .policy .bullets { padding-left: 1.5rem; list-style: '✓ '; }
  .n { font-weight: 600; }
  .row { display: flex; gap: 1rem; flex-wrap: wrap; }
  .inline { border: 1px solid #5c5c5c; border-radius: 6px; padding: 0.75rem 1rem; }
  .inline legend { font-weight: 600; padding: 0 0.25rem; }
  .inline .actions { grid-template-columns: 1fr; }
  .done { font-weight: 600; color: #1b5e20; }
  @media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;

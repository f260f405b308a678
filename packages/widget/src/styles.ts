import { css } from 'lit';

// Colours meet WCAG 2.2 AA on the default white: text #1a1a1a (17:1), accent #1d3a5f with white
// text (11:1), borders #5c5c5c (6.7:1, above the 3:1 for controls). Targets are at least 24 px.
export const styles = css`
  :host {
    display: block;
    --b: var(--artgrad-bg, #fff);
    --f: var(--artgrad-fg, #1a1a1a);
    --a: var(--artgrad-accent, #1d3a5f);
    --af: var(--artgrad-accent-fg, #fff);
    font: 15px/1.45 var(--artgrad-font, system-ui, sans-serif);
    color: var(--f);
  }
  * { box-sizing: border-box; }
  h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
  h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
  p { margin: 0.4rem 0; }
  section, dialog, .reopen { background: var(--b); color: var(--f); }
  section {
    position: fixed; inset: auto 0 0; z-index: 2147483000; max-height: 70vh; overflow: auto;
    padding: 1rem max(1rem, 50vw - 26rem); border-top: 2px solid var(--a); box-shadow: 0 -4px 16px #0003;
  }
  .head, .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; justify-content: space-between; align-items: baseline; }
  .c, legend, .check, .btn, .reopen, .n, .s, .done { font-weight: 600; }
  ul.p { list-style: none; padding: 0; display: grid; gap: 0.5rem; }
  label { display: flex; gap: 0.7rem; align-items: flex-start; cursor: pointer; }
  label span { display: grid; }
  small { font-size: 0.9em; }
  input { flex: none; width: 24px; height: 24px; margin: 0; accent-color: var(--a); }
  [role='switch'] { appearance: none; width: 44px; border-radius: 12px; border: 2px solid #5c5c5c; background: var(--b); }
  [role='switch']::before { content: ''; display: block; width: 16px; height: 16px; margin: 2px; border-radius: 50%; background: #5c5c5c; transition: transform 0.15s; }
  [role='switch']:checked { background: var(--a); border-color: var(--a); }
  [role='switch']:checked::before { transform: translateX(20px); background: var(--af); }
  .act { display: grid; grid-template-columns: 1fr 1fr; gap: 0.75rem; margin-top: 0.5rem; }
  .btn { min-height: 44px; padding: 0.5rem 1rem; border: 2px solid var(--a); border-radius: 6px; background: var(--a); color: var(--af); font: inherit; font-weight: 600; cursor: pointer; }
  .btn.sec { background: var(--b); color: var(--a); }
  .btn:disabled { opacity: 0.55; cursor: not-allowed; }
  .l { min-height: 24px; padding: 0 0.15rem; border: 0; background: none; color: var(--a); font: inherit; text-decoration: underline; cursor: pointer; }
  select { min-height: 28px; font: inherit; color: var(--f); background: var(--b); border: 1px solid #5c5c5c; }
  :focus-visible { outline: 3px solid var(--artgrad-focus, #b3261e); outline-offset: 2px; }
  /* An empty live region stays in the accessibility tree (display:none would drop it, and
     then its next message would go unannounced); it just takes no room. */
  .s:empty { margin: 0; }
  .reopen { position: fixed; left: 0.75rem; bottom: 0.75rem; z-index: 2147483000; min-height: 32px; padding: 0.25rem 0.75rem; border: 2px solid var(--a); border-radius: 16px; color: var(--a); font: inherit; font-size: 0.875rem; font-weight: 600; cursor: pointer; }
  dialog { width: min(40rem, 100vw - 2rem); max-height: 85vh; border: 0; border-radius: 8px; padding: 1.25rem; }
  dialog::backdrop { background: #0008; }
  h2:focus { outline: none; }
  .text { width: min(52rem, 100vw - 2rem); padding: 0; }
  .text[open] { display: flex; flex-direction: column; }
  .bar { display: flex; justify-content: flex-end; padding: 0.5rem 1rem; border-bottom: 1px solid #ccc; }
  .scroll { overflow: auto; padding: 0 1.25rem 1rem; }
  article ol { padding-left: 0; list-style: none; }
  article ol ol { padding-left: 1.25rem; }
  article ul { padding-left: 1.5rem; list-style: '✓ '; }
  fieldset.inline { border: 1px solid #5c5c5c; border-radius: 6px; padding: 0.75rem 1rem; }
  fieldset .act { grid-template-columns: 1fr; }
  .done { color: #1b5e20; }
  .otp { display: grid; gap: 0.5rem; margin: 0.75rem 0; }
  .otp label { display: grid; gap: 0.25rem; }
  .otp input, .w { width: 100%; height: 36px; font: inherit; padding: 0 0.5rem; border: 1px solid #5c5c5c; }
  textarea.w { height: auto; padding: 0.25rem 0.5rem; }
  .field { display: block; margin-top: 0.5rem; font-weight: 600; }
  .kinds { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0.5rem; }
  @media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;

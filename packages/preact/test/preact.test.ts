// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { h, type ComponentChildren } from 'preact';
import { act, cleanup, render, screen, waitFor } from '@testing-library/preact';
import { consentInternals, createConsent, memoryConsentStore, type ConsentApi, type ConsentError, type DecisionRecord } from '@artgrad/sdk';
import { ConsentGate, ConsentProvider, useConsent, useConsentState } from '@artgrad/preact';

// Without Vitest globals the library cannot register its own cleanup.
afterEach(cleanup);

let db = 0;
/** A real SDK on the memory store; each gets its own name so tabs (BroadcastChannel) stay apart. */
const make = (records: DecisionRecord[] = []) =>
  createConsent({ mode: 'development', dbName: `preact-test-${++db}` }, { store: memoryConsentStore(records) });

/** A grant as the widget would have stored it after the confirmation step. */
const granted = (decisions: Record<string, boolean>): DecisionRecord => ({
  id: '1',
  time: 1,
  seq: 1,
  event: 'given',
  decisions,
  policy: { version: 'x', sha256: 'y', language: 'kk' },
  confirmation: { method: 'checkbox' },
  language: 'kk',
  jws: 'x.y.z',
  kid: 'k',
  hash: 'h',
  prev: null,
});

/** Runs an SDK call inside act(), so the renders it causes are flushed before the next line. */
const during = (run: () => Promise<unknown>) =>
  act(async () => {
    await run();
  });

const inside = (consent: ConsentApi, children: ComponentChildren) => h(ConsentProvider, { consent }, children);
const gate = (purpose = 'dissemination') =>
  h(ConsentGate, { purpose, fallback: h('p', null, 'fallback') }, h('p', null, 'gated'));

function Probe({ purpose }: { purpose: string }) {
  const { granted, ready } = useConsent(purpose);
  return h('p', { 'data-testid': 'probe' }, `${ready ? 'ready' : 'loading'} ${granted ? 'granted' : 'denied'}`);
}

describe('ConsentGate', () => {
  it('shows the fallback when the purpose is not granted', async () => {
    const consent = make();
    render(inside(consent, gate()));
    expect(screen.getByText('fallback')).toBeTruthy();
    await during(() => consent.ready());
    expect(screen.getByText('fallback')).toBeTruthy();
    expect(screen.queryByText('gated')).toBeNull();
  });

  it('renders nothing without a fallback', async () => {
    const consent = make();
    const { container } = render(inside(consent, h(ConsentGate, { purpose: 'dissemination' }, h('p', null, 'gated'))));
    await during(() => consent.ready());
    expect(container.innerHTML).toBe('');
  });

  it('shows the children for a stored grant once loaded', async () => {
    const consent = make([granted({ dissemination: true })]);
    render(inside(consent, gate()));
    await waitFor(() => expect(screen.getByText('gated')).toBeTruthy());
    expect(screen.queryByText('fallback')).toBeNull();
  });

  it('hides the children as soon as withdraw() resolves, without waiting for another render', async () => {
    const consent = make([granted({ dissemination: true, processing: true })]);
    render(inside(consent, [gate('dissemination'), h(ConsentGate, { purpose: 'processing' }, h('p', null, 'other'))]));
    await waitFor(() => expect(screen.getByText('gated')).toBeTruthy());
    await during(() => consent.withdraw('dissemination'));
    expect(screen.queryByText('gated')).toBeNull();
    expect(screen.getByText('fallback')).toBeTruthy();
    // Only the withdrawn purpose is hidden.
    expect(screen.getByText('other')).toBeTruthy();
  });

  it('follows the purpose prop in the same render', async () => {
    const consent = make([granted({ dissemination: true })]);
    const { rerender } = render(inside(consent, gate('dissemination')));
    await waitFor(() => expect(screen.getByText('gated')).toBeTruthy());
    rerender(inside(consent, gate('processing')));
    expect(screen.getByText('fallback')).toBeTruthy();
  });
});

describe('useConsent', () => {
  it('is not ready until consent.ready() resolves, then reflects the stored decision', async () => {
    const consent = make([granted({ dissemination: true })]);
    render(inside(consent, h(Probe, { purpose: 'dissemination' })));
    expect(screen.getByTestId('probe').textContent).toBe('loading denied');
    await during(() => consent.ready());
    expect(screen.getByTestId('probe').textContent).toBe('ready granted');
  });

  it('re-renders when its own withdraw() takes effect', async () => {
    const consent = make([granted({ dissemination: true })]);
    let hook: ReturnType<typeof useConsent> | undefined;
    function Withdrawer() {
      hook = useConsent('dissemination');
      return h('p', { 'data-testid': 'w' }, String(hook.granted));
    }
    render(inside(consent, h(Withdrawer, null)));
    await waitFor(() => expect(screen.getByTestId('w').textContent).toBe('true'));
    await act(async () => {
      const record = (await hook!.withdraw()) as DecisionRecord;
      expect(record.event).toBe('withdrawn');
    });
    expect(screen.getByTestId('w').textContent).toBe('false');
    // Nothing left to withdraw.
    await expect(hook!.withdraw()).resolves.toBeNull();
  });

  it('open() calls the API', async () => {
    const consent = make();
    let opened = 0;
    consentInternals(consent).setOpener(() => opened++);
    let hook: ReturnType<typeof useConsent> | undefined;
    render(inside(consent, h(() => ((hook = useConsent('processing')), null), null)));
    hook!.open();
    expect(opened).toBe(1);
  });

  it('unsubscribes on unmount: no listener left, no further render', async () => {
    const consent = make([granted({ dissemination: true })]);
    const on = consent.on;
    let listening = 0;
    consent.on = (type, fn) => {
      const off = on(type, fn);
      if (type !== 'change') return off;
      listening++;
      return () => {
        listening--;
        off();
      };
    };
    let renders = 0;
    function Counted() {
      renders++;
      return h('p', null, String(useConsent('dissemination').granted));
    }
    const { unmount } = render(inside(consent, [h(Counted, null), h(Probe, { purpose: 'dissemination' })]));
    await waitFor(() => expect(screen.getByText('true')).toBeTruthy());
    expect(listening).toBe(2);
    const before = renders;
    // Preact runs effect cleanups after paint on unmount; act() flushes them.
    act(() => {
      unmount();
    });
    expect(listening).toBe(0);
    await during(() => consent.withdraw('dissemination'));
    expect(consent.get('dissemination')).toBe(false);
    expect(renders).toBe(before);
  });

  it('does not render again for a change to another purpose', async () => {
    const consent = make([granted({ dissemination: true, processing: true })]);
    let renders = 0;
    function Counted() {
      renders++;
      return h('p', null, String(useConsent('dissemination').granted));
    }
    render(inside(consent, h(Counted, null)));
    await waitFor(() => expect(screen.getByText('true')).toBeTruthy());
    const before = renders;
    await during(() => consent.withdraw('processing'));
    expect(renders).toBe(before);
    await during(() => consent.withdraw('dissemination'));
    expect(screen.getByText('false')).toBeTruthy();
  });

  it('throws a clear error outside a provider', () => {
    // Preact logs the thrown render error; the assertion is on what is thrown.
    expect(() => render(h(Probe, { purpose: 'dissemination' }))).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: 'useConsent() must be used inside a <ConsentProvider consent={...}>' }) as ConsentError,
    );
    expect(() => render(gate())).toThrow('useConsent() must be used inside a <ConsentProvider');
    expect(() => render(h(() => (useConsentState(), null), null))).toThrow('useConsentState() must be used inside a <ConsentProvider');
  });
});

describe('useConsentState', () => {
  it('maps every decided purpose and follows changes', async () => {
    const consent = make([granted({ dissemination: true, processing: true })]);
    function State() {
      return h('p', { 'data-testid': 'state' }, JSON.stringify(useConsentState()));
    }
    render(inside(consent, h(State, null)));
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('{"dissemination":true,"processing":true}'));
    await during(() => consentInternals(consent).decide({ processing: false }, null, 'kk'));
    expect(screen.getByTestId('state').textContent).toBe('{"dissemination":true,"processing":false}');
  });
});

import { describe, expect, it } from 'vitest';
import { deriveState, grantedMap, type DecisionRecord } from '@artgrad/sdk';

const record = (id: string, time: number, decisions: Record<string, boolean>): DecisionRecord => ({
  id,
  time,
  event: 'given',
  decisions,
  policy: { version: '1', sha256: 'x', language: 'kk' },
  confirmation: { method: 'none' },
  language: 'kk',
});

describe('deriveState', () => {
  it('lets the latest decision per purpose win, in write order', () => {
    const state = deriveState([
      record('a', 1, { processing: true, dissemination: true }),
      record('b', 2, { dissemination: false }),
    ]);
    expect(grantedMap(state)).toEqual({ processing: true, dissemination: false });
    expect(state.processing!.recordId).toBe('a');
    expect(state.dissemination!.recordId).toBe('b');
  });

  it('follows write order even when the clock went backwards', () => {
    const state = deriveState([record('a', 5, { processing: false }), record('b', 1, { processing: true })]);
    expect(state.processing).toEqual({ granted: true, recordId: 'b', time: 1 });
  });

  it('is empty with no records', () => {
    expect(deriveState([])).toEqual({});
  });
});

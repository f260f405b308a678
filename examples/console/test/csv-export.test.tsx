// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { createApiClient } from '../src/api-client.js';
import { CsvExport } from '../src/csv-export.js';
import { fakeApi, json } from './fake-api.js';
import { renderInLocale } from './render-in-locale.js';

afterEach(cleanup);

const HEADER = 'principal,subjectId,piiPrincipalId,kid,receiptId,consentTimestamp,receivedAt,countersignature\r\n';
const line = (i: number) => `customer-${i},customer-${i},device:x,k,id-${i},2026-11-20T09:00:00.000Z,2026-11-20T09:00:01.000Z,a.b.c\r\n`;
const encoder = new TextEncoder();

/** A CSV answer streamed in the chunks given; `hold` keeps the stream open after them until released. */
function streamed(chunks: string[], hold?: Promise<void>) {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      await hold;
      if (!cancelled) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } });
}

const client = (api: ReturnType<typeof fakeApi>) => createApiClient({ base: '/api', token: 't'.repeat(20), onUnauthorized: () => {}, fetch: api.fetch });

describe('CSV export', () => {
  it('downloads exactly the answer of the filtered CSV endpoint, and says how many rows', async () => {
    const api = fakeApi({ 'GET /api/admin/holders.csv': () => streamed(['\uFEFF', HEADER, line(1), line(2) + line(3)]) });
    const save = vi.fn();
    renderInLocale(<CsvExport client={client(api)} path="/admin/holders.csv?purpose=dissemination&q=customer" filename="holders-dissemination.csv" total={3} save={save} />);
    fireEvent.click(screen.getByRole('button', { name: 'CSV экспорттау (3 жол)' }));
    await screen.findByText('Дайын: 3 жол жүктеп алынды.');
    expect(api.calls[0]!.url.search).toBe('?purpose=dissemination&q=customer');
    expect(api.calls[0]!.headers.get('accept')).toBe('text/csv');
    expect(save).toHaveBeenCalledTimes(1);
    const [blob, filename] = save.mock.calls[0]! as [Blob, string];
    expect(filename).toBe('holders-dissemination.csv');
    expect(await blob.text()).toBe(`\uFEFF${HEADER}${line(1)}${line(2)}${line(3)}`);
  });

  it('shows progress while streaming and can be cancelled: no file is made', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const api = fakeApi({ 'GET /api/admin/holders.csv': () => streamed([HEADER, line(1), line(2)], hold) });
    const save = vi.fn();
    renderInLocale(<CsvExport client={client(api)} path="/admin/holders.csv?purpose=dissemination" filename="h.csv" total={5} save={save} />);
    fireEvent.click(screen.getByRole('button', { name: 'CSV экспорттау (5 жол)' }));
    const progress = (await screen.findByLabelText('Экспорт барысы')) as HTMLProgressElement;
    await waitFor(() => expect(screen.getAllByText('Экспорт: 5 жолдың 2 жолы').length).toBeGreaterThan(0));
    expect(progress.getAttribute('max')).toBe('5');
    expect(progress.getAttribute('value')).toBe('2');
    fireEvent.click(screen.getByRole('button', { name: 'Тоқтату' }));
    await screen.findByText('Экспорт тоқтатылды, файл жасалмады.');
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(save).not.toHaveBeenCalled();
    expect(api.calls[0]!.signal!.aborted).toBe(true);
    // The button is back for another try.
    expect(screen.getByRole('button', { name: 'CSV экспорттау (5 жол)' })).toBeTruthy();
  });

  it('an error says what failed, and retries', async () => {
    let fail = true;
    const api = fakeApi({
      'GET /api/admin/holders.csv': () => (fail ? json({ error: { code: 'INVALID_REQUEST', message: 'q must be at most 200 characters' } }, 400) : streamed([HEADER])),
    });
    const save = vi.fn();
    renderInLocale(<CsvExport client={client(api)} path="/admin/holders.csv?purpose=dissemination" filename="h.csv" total={0} save={save} />);
    fireEvent.click(screen.getByRole('button', { name: 'CSV экспорттау (0 жол)' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Орындалмады: CSV экспорттау.');
    expect(alert.textContent).toContain('400 INVALID_REQUEST');
    expect(save).not.toHaveBeenCalled();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Қайталау' }));
    await screen.findByText('Дайын: 0 жол жүктеп алынды.');
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('keeps focus on a control as the buttons replace each other: Export → Cancel → Export, and Export again after a finished run', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let held = true;
    const api = fakeApi({ 'GET /api/admin/holders.csv': () => streamed([HEADER, line(1)], held ? hold : undefined) });
    renderInLocale(<CsvExport client={client(api)} path="/admin/holders.csv?purpose=dissemination" filename="h.csv" total={1} save={vi.fn()} />);
    const exportButton = () => screen.getByRole('button', { name: 'CSV экспорттау (1 жол)' });
    exportButton().focus();
    fireEvent.click(exportButton());
    const cancel = await screen.findByRole('button', { name: 'Тоқтату' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    fireEvent.click(cancel);
    await screen.findByText('Экспорт тоқтатылды, файл жасалмады.');
    await waitFor(() => expect(document.activeElement).toBe(exportButton()));
    release();
    held = false;
    fireEvent.click(exportButton());
    await screen.findByText('Дайын: 1 жол жүктеп алынды.');
    await waitFor(() => expect(document.activeElement).toBe(exportButton()));
  });
});

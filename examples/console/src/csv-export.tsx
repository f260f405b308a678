/** @jsxImportSource preact */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isAbort, type ApiClient } from './api-client.js';
import { focusLost } from './focus.js';
import { useLocale } from './i18n/i18n.js';
import { ErrorNotice } from './notices.js';
import { readCsvStream } from './read-csv-stream.js';
import { saveFile } from './save-file.js';

type ExportState = { kind: 'idle' } | { kind: 'running'; rows: number } | { kind: 'done'; rows: number } | { kind: 'cancelled' } | { kind: 'error'; error: unknown };

export interface CsvExportProps {
  client: ApiClient;
  /** The CSV endpoint with exactly the list's filters. */
  path: string;
  filename: string;
  /** Rows the list says match: the export's expected size. */
  total: number;
  save?: (blob: Blob, filename: string) => void;
}

/**
 * Downloads the list as CSV: streamed with a progress bar, cancellable at any point, and a
 * file is only made from a complete answer.
 */
export function CsvExport({ client, path, filename, total, save = saveFile }: CsvExportProps) {
  const { t } = useLocale();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const exportButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  // Export and Cancel replace each other: focus goes to Cancel when a run starts and back to
  // Export when it ends, instead of dropping to <body> with the button pressed.
  const following = useRef(false);
  useEffect(() => {
    if (!following.current) return;
    if (state.kind === 'running') cancelButton.current?.focus();
    else {
      following.current = false;
      if (focusLost()) exportButton.current?.focus();
    }
  }, [state.kind]);

  const start = async () => {
    if (state.kind === 'running') return;
    const abort = new AbortController();
    controller.current = abort;
    following.current = true;
    setState({ kind: 'running', rows: 0 });
    try {
      const response = await client.stream(path, abort.signal);
      const { blob, rows } = await readCsvStream(response, (n) => setState({ kind: 'running', rows: n }), abort.signal);
      save(blob, filename);
      setState({ kind: 'done', rows });
    } catch (error) {
      if (abort.signal.aborted || isAbort(error)) setState({ kind: 'cancelled' });
      else setState({ kind: 'error', error });
    }
  };

  return (
    <div class="export">
      {state.kind === 'running' ? (
        <div class="export-progress">
          <label for="export-progress">{t.people.exportProgress}</label>
          <progress id="export-progress" max={Math.max(total, 1)} value={Math.min(state.rows, Math.max(total, 1))}>
            {t.people.exporting(state.rows, total)}
          </progress>
          <span>{t.people.exporting(state.rows, total)}</span>
          <button type="button" class="button" ref={cancelButton} onClick={() => controller.current?.abort()}>
            {t.cancel}
          </button>
        </div>
      ) : (
        <button type="button" class="button" ref={exportButton} onClick={start}>
          {t.people.exportCsv(total)}
        </button>
      )}
      <div role="status" class="export-result">
        {state.kind === 'done' && <p>{t.people.exported(state.rows)}</p>}
        {state.kind === 'cancelled' && <p>{t.people.exportCancelled}</p>}
      </div>
      {state.kind === 'error' && <ErrorNotice action="exportCsv" error={state.error} onRetry={start} />}
    </div>
  );
}

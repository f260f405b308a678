/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import type { ApiClient } from './api-client.js';
import type { RightsRequestDetail } from './api-types.js';
import { AsyncView } from './async-view.js';
import { formatDateTime, formatDay, useLocale } from './i18n/i18n.js';
import { ErrorNotice } from './notices.js';
import { DeadlineBadge } from './requests-screen.js';
import { routeHref, type Route } from './routes.js';
import { saveFile } from './save-file.js';
import { useAsync } from './use-async.js';

type Action = 'answer' | 'refuse' | 'done' | 'extend';

/** A file picked for the answer, as the receiver takes it (base64 in JSON). */
async function fileBody(file: File): Promise<{ name: string; type: string; base64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, type: file.type || 'application/octet-stream', base64: btoa(binary) };
}

/**
 * One request in full: what was asked and when it is due, what the shopper sent beside it (or
 * that it was erased), every action with who took it and when, and the actions left: answer
 * (text, a file, or for access the receipts assembled and verified in one step), a reasoned
 * refusal, done (erasure for destruction), and an extension with its legal basis.
 */
export function RequestScreen({ client, route }: { client: ApiClient; route: Extract<Route, { name: 'request' }> }) {
  const { t, language } = useLocale();
  const r = t.rights;
  const handle = useAsync((signal) => client.json<RightsRequestDetail>(`/admin/rights-requests/${route.id}`, { signal }), [client, route.id], { keepValue: true });
  const [busy, setBusy] = useState<Action | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [said, setSaid] = useState('');
  // Each action answers with the request as it now stands: shown as it came, not fetched again.
  const [updated, setUpdated] = useState<RightsRequestDetail | null>(null);

  const act = async (action: Action, body: Record<string, unknown>) => {
    setBusy(action);
    setFailure(null);
    setSaid('');
    try {
      setUpdated(await client.json<RightsRequestDetail>(`/admin/rights-requests/${route.id}/${action}`, { method: 'POST', body }));
      setSaid(r.saved);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };
  const submit = (action: Action, read: (form: FormData) => Promise<Record<string, unknown>>) => async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    await act(action, await read(new FormData(event.currentTarget)));
  };
  const download = async (path: string, name: string) => {
    try {
      saveFile(await (await client.stream(path)).blob(), name);
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <>
      <p>
        <a href={routeHref({ name: 'requests', kind: '', status: 'open' })}>← {r.back}</a>
      </p>
      <AsyncView handle={handle} action="loadRequest">
        {(loaded) => {
          const q = updated?.id === loaded.id ? updated : loaded;
          const closed = q.status === 'refused' || q.status === 'done';
          return (
            <>
              <h1 id="page-title" tabIndex={-1}>
                {r.requestTitle(r.kinds[q.kind], q.item)}
              </h1>
              <dl class="facts">
                <dt>{r.state}</dt>
                <dd>
                  {r.statuses[q.status]} <DeadlineBadge item={q} t={r} />
                </dd>
                <dt>{r.due}</dt>
                <dd>
                  <time dateTime={q.dueBy}>{formatDateTime(q.dueBy, language)}</time>
                  {q.provisional && ` (${r.provisional})`}
                  {q.extended && ` (${r.extended}; ${r.originalDue}: ${formatDay(q.originalDueDay, language)})`}
                </dd>
                <dt>{r.received}</dt>
                <dd>
                  <time dateTime={q.receivedAt}>{formatDateTime(q.receivedAt, language)}</time>
                </dd>
                <dt>{r.requestId}</dt>
                <dd class="mono">{q.id}</dd>
                <dt>{r.device}</dt>
                <dd class="mono">{q.kid}</dd>
                <dt>{r.principal}</dt>
                <dd class="mono">{q.principalId}</dd>
                <dt>{r.language}</dt>
                <dd>{q.language}</dd>
              </dl>
              <h2>{r.personal}</h2>
              {q.personal === null ? (
                <p>{r.erased}</p>
              ) : (
                <dl class="facts">
                  <dt>{r.replyTo}</dt>
                  <dd>{q.personal.replyTo ?? '—'}</dd>
                  <dt>{r.details}</dt>
                  <dd class="pre">{q.personal.details ?? '—'}</dd>
                  <dt>{r.subjectId}</dt>
                  <dd>{q.personal.subjectId ? `${q.personal.subjectId} (${q.personal.subjectVerified ? r.subjectVerified : r.subjectUnverified})` : '—'}</dd>
                </dl>
              )}
              <h2>{r.history}</h2>
              {q.events.length === 0 ? (
                <p>{r.noEvents}</p>
              ) : (
                <ol class="events">
                  {q.events.map((e) => (
                    <li key={e.seq}>
                      <strong>{r.eventTypes[e.type]}</strong> — {r.by(e.by, formatDateTime(e.at, language))}
                      {e.dueDay && ` → ${formatDay(e.dueDay, language)}`}
                      {e.text && <p class="pre">{e.text}</p>}
                      {e.attachment && (
                        <p>
                          <button type="button" class="button button-small" onClick={() => void download(e.attachment!.path, e.attachment!.name)}>
                            {r.attachment}: {e.attachment.name}
                          </button>
                        </p>
                      )}
                      {e.erasure && (
                        <p>
                          {r.erasure(JSON.stringify(e.erasure.erased), JSON.stringify(e.erasure.kept))} {e.erasure.why}
                        </p>
                      )}
                    </li>
                  ))}
                </ol>
              )}
              <h2>{r.actions}</h2>
              <p role="status">{said}</p>
              {failure !== null && <ErrorNotice action="actOnRequest" error={failure} />}
              {closed ? (
                <p>{r.closed}</p>
              ) : (
                <div class="request-actions">
                  <form onSubmit={submit('answer', async (f) => {
                    const file = f.get('file');
                    return { text: String(f.get('text') ?? ''), ...(file instanceof File && file.size ? { attachment: await fileBody(file) } : {}) };
                  })}>
                    <h3>{r.answerHeading}</h3>
                    <label for="answer-text">{r.answerText}</label>
                    <textarea id="answer-text" name="text" rows={4} maxLength={20000} />
                    <label for="answer-file">{r.answerFile}</label>
                    <input id="answer-file" name="file" type="file" />
                    <button type="submit" class="button button-primary" disabled={busy !== null}>
                      {r.answerSend}
                    </button>
                    {q.kind === 'access' && (
                      <>
                        <p class="hint" id="assemble-note">{r.assembleNote}</p>
                        <button type="button" class="button" aria-describedby="assemble-note" disabled={busy !== null} onClick={() => void act('answer', { assemble: true })}>
                          {r.assemble}
                        </button>
                      </>
                    )}
                  </form>
                  <form onSubmit={submit('refuse', async (f) => ({ reason: String(f.get('reason') ?? '') }))}>
                    <h3>{r.refuseHeading}</h3>
                    <label for="refuse-reason">{r.refuseReason}</label>
                    <textarea id="refuse-reason" name="reason" rows={3} required maxLength={20000} />
                    <button type="submit" class="button" disabled={busy !== null}>
                      {r.refuseSend}
                    </button>
                  </form>
                  <form onSubmit={submit('done', async (f) => ({ note: String(f.get('note') ?? '') }))}>
                    <h3>{r.doneHeading}</h3>
                    {q.kind === 'destruction' && <p class="hint">{r.doneDestructionNote}</p>}
                    <label for="done-note">{r.doneNote}</label>
                    <textarea id="done-note" name="note" rows={2} maxLength={20000} />
                    <button type="submit" class="button" disabled={busy !== null}>
                      {r.doneSend}
                    </button>
                  </form>
                  <form onSubmit={submit('extend', async (f) => ({ workingDays: Number(f.get('days')), legalBasis: String(f.get('basis') ?? '') }))}>
                    <h3>{r.extendHeading}</h3>
                    <label for="extend-days">{r.extendDays}</label>
                    <input id="extend-days" name="days" type="number" min={1} max={30} required defaultValue="1" />
                    <label for="extend-basis">{r.extendBasis}</label>
                    <textarea id="extend-basis" name="basis" rows={2} required maxLength={20000} />
                    <button type="submit" class="button" disabled={busy !== null}>
                      {r.extendSend}
                    </button>
                  </form>
                </div>
              )}
            </>
          );
        }}
      </AsyncView>
    </>
  );
}

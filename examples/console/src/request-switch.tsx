/** @jsxImportSource preact */
import { useState } from 'preact/hooks';
import type { ApiClient } from './api-client.js';
import type { PurposeRequest } from './api-types.js';
import { AsyncView } from './async-view.js';
import { useLocale } from './i18n/i18n.js';
import { ErrorNotice } from './notices.js';
import { useAsync } from './use-async.js';

export const SWITCHED_PURPOSE = 'dissemination';

/**
 * Whether the shop's banner asks for dissemination consent (policy item 23.6). The switch shows
 * the receiver's state only: it moves when the receiver confirms the change, so a failed or
 * unfinished save never looks done.
 */
export function RequestSwitch({ client, onChanged }: { client: ApiClient; onChanged: () => void }) {
  const { t } = useLocale();
  const handle = useAsync((signal) => client.json<PurposeRequest>(`/admin/requests/${SWITCHED_PURPOSE}`, { signal }), [client]);
  const [confirmed, setConfirmed] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ error: unknown; target: boolean } | null>(null);

  const save = async (target: boolean) => {
    if (saving) return;
    setSaving(true);
    setSaveError(null);
    try {
      const answer = await client.json<PurposeRequest>(`/admin/requests/${SWITCHED_PURPOSE}`, { method: 'PUT', body: { requested: target } });
      setConfirmed(answer.requested);
      onChanged();
    } catch (error) {
      setSaveError({ error, target });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="card" aria-labelledby="switch-heading">
      <h2 id="switch-heading">{t.dashboard.switchHeading}</h2>
      <AsyncView handle={handle} action="loadSwitch">
        {(loaded) => {
          const on = confirmed ?? loaded.requested;
          return (
            <>
              <div class="switch-row">
                <button
                  type="button"
                  role="switch"
                  class="switch"
                  aria-checked={on ? 'true' : 'false'}
                  aria-labelledby="switch-label"
                  aria-describedby="switch-state switch-note"
                  aria-busy={saving ? 'true' : 'false'}
                  onClick={() => save(!on)}
                >
                  <span class="switch-track" aria-hidden="true">
                    <span class="switch-thumb" />
                  </span>
                </button>
                <span id="switch-label" class="switch-label">
                  {t.dashboard.switchLabel}
                </span>
              </div>
              <p id="switch-state" class={on ? 'switch-state is-on' : 'switch-state'} role="status">
                {saving ? t.dashboard.saving : on ? t.dashboard.on : t.dashboard.off}
              </p>
              <p id="switch-note" class="hint">
                {t.dashboard.switchNote}
              </p>
              {saveError && <ErrorNotice action="saveSwitch" error={saveError.error} onRetry={() => save(saveError.target)} />}
            </>
          );
        }}
      </AsyncView>
    </section>
  );
}

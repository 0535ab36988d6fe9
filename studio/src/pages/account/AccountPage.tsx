/**
 * Account: plan and its limits, remaining credits, API keys (create — the key is shown once, with Copy —
 * list, revoke) and log out.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiDelete, apiGet, apiPost } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { ApiKey, List } from '../../api/types.ts';
import { useServiceStatus } from '../../app/service-status.tsx';
import { useSession } from '../../app/session.tsx';
import { Banner } from '../../components/Banner.tsx';
import { Button } from '../../components/Button.tsx';
import { LoadingBlock } from '../../components/Spinner.tsx';

export function AccountPage() {
  const { t, i18n } = useTranslation('account');
  const { account, refresh, signOut } = useSession();
  const status = useServiceStatus();
  const navigate = useNavigate();
  const [keys, setKeys] = useState<ApiKey[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [created, setCreated] = useState<ApiKey | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<string | undefined>(undefined);
  const [copied, setCopied] = useState(false);

  const loadKeys = useCallback(async () => {
    try {
      const list = await apiGet<List<ApiKey>>('/v1/keys');
      setKeys([...list.data].sort((a, b) => b.created_at - a.created_at));
    } catch (err) {
      setError(errorMessage(i18n, err));
    }
  }, [i18n]);

  useEffect(() => {
    void refresh();
    void loadKeys();
  }, [refresh, loadKeys]);

  async function createKey() {
    setCreating(true);
    setError(undefined);
    setCopied(false);
    try {
      const key = await apiPost<ApiKey>('/v1/keys', {});
      setCreated(key);
      await loadKeys();
    } catch (err) {
      setError(errorMessage(i18n, err));
    } finally {
      setCreating(false);
    }
  }

  async function revoke(key: ApiKey) {
    if (!window.confirm(t('keys.confirmRevoke', { prefix: key.prefix }))) return;
    setRevoking(key.id);
    setError(undefined);
    try {
      await apiDelete(`/v1/keys/${encodeURIComponent(key.id)}`);
      if (created?.id === key.id) setCreated(undefined);
      await loadKeys();
    } catch (err) {
      setError(errorMessage(i18n, err));
    } finally {
      setRevoking(undefined);
    }
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // No clipboard permission (or plain http): select the text so Ctrl+C works.
      const el = document.getElementById('new-key');
      if (el) window.getSelection()?.selectAllChildren(el);
    }
  }

  if (!account) return <LoadingBlock />;
  const limits = status?.plans[account.plan];
  const dateFormat = new Intl.DateTimeFormat(i18n.resolvedLanguage === 'zh' ? 'zh-CN' : 'en', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  return (
    <div className="page account">
      <header className="page__head">
        <div>
          <h1 className="page__title">{t('title')}</h1>
          <p className="page__lead">{account.email ?? account.name}</p>
        </div>
        <Button variant="ghost" onClick={() => void signOut().then(() => navigate('/'))}>
          {t('common:nav.logout')}
        </Button>
      </header>

      {error ? (
        <Banner tone="error" onDismiss={() => setError(undefined)}>
          {error}
        </Banner>
      ) : null}

      <div className="account__grid">
        <section className="panel plan-card" aria-labelledby="plan-title">
          <div className="panel__head">
            <h2 id="plan-title" className="panel__title">
              {t('plan.title')}
            </h2>
            <span className={`plan-badge plan-badge--${account.plan}`}>
              {t(`common:plan.${account.plan}`)}
            </span>
          </div>
          {limits ? (
            <ul className="plan-card__limits">
              <li>{t('plan.resolution', { max: limits.max_resolution })}</li>
              <li>{t('plan.seconds', { max: limits.max_seconds })}</li>
              <li>{t('plan.variations', { count: limits.max_variations })}</li>
              <li>{t('plan.concurrency', { count: limits.concurrency })}</li>
              <li>{limits.watermark ? t('plan.watermark') : t('plan.noWatermark')}</li>
              {limits.relaxed_lane ? <li>{t('plan.relaxed')}</li> : null}
            </ul>
          ) : null}
        </section>

        <section className="panel credits-card" aria-labelledby="credits-title">
          <h2 id="credits-title" className="panel__title">
            {t('credits.title')}
          </h2>
          <p className="credits-card__figure" data-testid="account-credits">
            {account.credits}
          </p>
          <p className="field__hint">{t('credits.hint')}</p>
        </section>
      </div>

      <section className="panel keys" aria-labelledby="keys-title">
        <div className="panel__head">
          <div>
            <h2 id="keys-title" className="panel__title">
              {t('keys.title')}
            </h2>
            <p className="field__hint">{t('keys.lead')}</p>
          </div>
          <Button variant="primary" onClick={() => void createKey()} busy={creating}>
            {t('keys.create')}
          </Button>
        </div>

        {created?.key ? (
          <div className="new-key" role="status" data-testid="new-key">
            <p className="new-key__title">{t('keys.createdTitle')}</p>
            <p className="field__hint">{t('keys.createdHint')}</p>
            <div className="new-key__row">
              <code id="new-key" className="new-key__value" data-testid="new-key-value">
                {created.key}
              </code>
              <Button size="sm" onClick={() => void copy(created.key!)}>
                {copied ? t('keys.copied') : t('keys.copy')}
              </Button>
            </div>
            <details className="new-key__usage">
              <summary>{t('keys.usage')}</summary>
              <pre className="code">{`curl ${window.location.origin}/v1/videos \\
  -H "Authorization: Bearer ${created.key.slice(0, 12)}…" \\
  -H "Content-Type: application/json" \\
  -d '{"prompt": "a lighthouse at dusk", "size": "854x480", "seconds": "5"}'`}</pre>
            </details>
            <Button size="sm" variant="ghost" onClick={() => setCreated(undefined)}>
              {t('keys.done')}
            </Button>
          </div>
        ) : null}

        {!keys ? (
          <LoadingBlock />
        ) : keys.length === 0 ? (
          <p className="keys__empty">{t('keys.empty')}</p>
        ) : (
          <table className="keys__table">
            <thead>
              <tr>
                <th scope="col">{t('keys.key')}</th>
                <th scope="col">{t('keys.created')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('keys.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-testid="key-row">
                  <td>
                    <code>{t('keys.masked', { prefix: k.prefix })}</code>
                  </td>
                  <td>{dateFormat.format(new Date(k.created_at * 1000))}</td>
                  <td className="keys__actions">
                    <Button
                      size="sm"
                      variant="danger"
                      busy={revoking === k.id}
                      onClick={() => void revoke(k)}
                      aria-label={t('keys.revokeLabel', { prefix: k.prefix })}
                    >
                      {t('keys.revoke')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

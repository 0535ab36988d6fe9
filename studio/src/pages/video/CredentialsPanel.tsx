/**
 * Content Credentials: the verdict on the video's C2PA manifest, who signed it with what, how it was made
 * (source type, model, actions with their parameters), and its edit history as a tree of ingredients,
 * each linking to the account's own video when there is one.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import { Button } from '../../components/Button.tsx';
import { LoadingBlock } from '../../components/Spinner.tsx';
import {
  KNOWN_ACTIONS,
  KNOWN_RELATIONSHIPS,
  KNOWN_SOURCE_TYPES,
  parameterPairs,
  type Credentials,
  type CredentialsAction,
  type CredentialsIngredient,
  type CredentialsManifest,
  type CredentialsStatus,
} from './credentials.ts';

export function CredentialsPanel({ videoId }: { videoId: string }) {
  const { t, i18n } = useTranslation('video');
  const [credentials, setCredentials] = useState<Credentials | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    apiGet<Credentials>(`/v1/videos/${encodeURIComponent(videoId)}/credentials`, controller.signal)
      .then(setCredentials)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => controller.abort();
  }, [videoId, attempt]);

  return (
    <section className="vpanel credentials" aria-labelledby="credentials-title" data-testid="credentials">
      <header className="vpanel__head">
        <h2 className="vpanel__title" id="credentials-title">
          <ShieldIcon />
          {t('credentials.title')}
        </h2>
        {credentials ? <VerdictBadge status={credentials.status} /> : null}
      </header>
      {error ? (
        <div className="credentials__error" role="alert">
          <p>{errorMessage(i18n, error)}</p>
          <Button size="sm" onClick={() => setAttempt((n) => n + 1)}>
            {t('retry')}
          </Button>
        </div>
      ) : !credentials ? (
        <LoadingBlock label={t('credentials.loading')} />
      ) : (
        <CredentialsBody credentials={credentials} />
      )}
    </section>
  );
}

function CredentialsBody({ credentials }: { credentials: Credentials }) {
  const { t } = useTranslation('video');
  const m = credentials.manifest;
  return (
    <div className="credentials__body">
      <p className="credentials__summary">{t(`credentials.summary.${credentials.status}`)}</p>
      {m ? (
        <>
          <dl className="vfacts">
            <Fact label={t('credentials.signer')} value={signerText(m)} />
            <Fact
              label={t('credentials.signedAt')}
              value={m.signer?.time ? formatTime(m.signer.time) : null}
            />
            <Fact label={t('credentials.generator')} value={m.claim_generator} />
            <Fact
              label={t('credentials.sourceType')}
              value={m.digital_source_type ? <SourceType type={m.digital_source_type} /> : null}
            />
            <Fact label={t('credentials.model')} value={m.model} />
          </dl>
          {m.actions.length ? (
            <>
              <h3 className="vpanel__subtitle">{t('credentials.actions')}</h3>
              <ul className="actions-list">
                {m.actions.map((a, i) => (
                  <ActionItem key={i} action={a} />
                ))}
              </ul>
            </>
          ) : null}
          <h3 className="vpanel__subtitle">{t('credentials.history')}</h3>
          <ul
            className="tree"
            role="tree"
            aria-label={t('credentials.history')}
            data-testid="credentials-tree"
          >
            <TreeNode
              title={t('credentials.thisVideo')}
              manifest={m}
              status={credentials.status === 'unsigned' ? null : credentials.status}
              relationship={null}
              videoId={null}
              hasManifest
              depth={0}
            />
          </ul>
        </>
      ) : null}
      {credentials.errors.length ? (
        <>
          <h3 className="vpanel__subtitle">{t('credentials.problems')}</h3>
          <ul className="credentials__problems">
            {credentials.errors.map((e) => (
              <li key={e.code}>
                <code>{e.code}</code>
                {e.explanation ? ` ${e.explanation}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function VerdictBadge({ status }: { status: CredentialsStatus }) {
  const { t } = useTranslation('video');
  return (
    <span className={`verdict verdict--${status}`} data-testid="credentials-verdict">
      {t(`credentials.status.${status}`)}
    </span>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <div className="vfacts__row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function SourceType({ type }: { type: string }) {
  const { t } = useTranslation('video');
  const known = (KNOWN_SOURCE_TYPES as readonly string[]).includes(type);
  return (
    <>
      {known ? t(`credentials.source.${type}`) : type}
      {known ? <code className="vfacts__code">{type}</code> : null}
    </>
  );
}

function ActionItem({ action }: { action: CredentialsAction }) {
  const { t } = useTranslation('video');
  const known = (KNOWN_ACTIONS as readonly string[]).includes(action.action);
  const pairs = parameterPairs(action.parameters);
  return (
    <li className="actions-list__item">
      <span className="actions-list__name">
        {known ? t(`credentials.action.${action.action.replace('c2pa.', '')}`) : action.action}
      </span>
      {action.digital_source_type ? <code className="vfacts__code">{action.digital_source_type}</code> : null}
      {action.software_agent ? (
        <span className="actions-list__agent">{t('credentials.by', { agent: action.software_agent })}</span>
      ) : null}
      {action.description ? <span className="actions-list__said">{action.description}</span> : null}
      {pairs.length ? (
        <span className="actions-list__params">
          {pairs.map(([k, v]) => (
            <span key={k} className="vchip">
              <span className="vchip__key">{k}</span> {v}
            </span>
          ))}
        </span>
      ) : null}
    </li>
  );
}

function TreeNode({
  title,
  manifest,
  status,
  relationship,
  videoId,
  hasManifest,
  depth,
}: {
  title: string;
  manifest: CredentialsManifest | null;
  status: Exclude<CredentialsStatus, 'unsigned'> | null;
  relationship: string | null;
  videoId: string | null;
  hasManifest: boolean;
  depth: number;
}) {
  const { t } = useTranslation('video');
  const children = manifest?.ingredients ?? [];
  const [open, setOpen] = useState(depth < 3);
  const knownRelationship = relationship && (KNOWN_RELATIONSHIPS as readonly string[]).includes(relationship);
  const edits = (manifest?.actions ?? []).filter(
    (a) => a.action !== 'c2pa.opened' && a.action !== 'c2pa.placed',
  );
  return (
    <li
      className="tree__node"
      role="treeitem"
      aria-expanded={children.length ? open : undefined}
      aria-selected={false}
      data-testid="tree-node"
    >
      <div className="tree__row">
        {children.length ? (
          <button
            type="button"
            className="tree__toggle"
            aria-label={t(open ? 'credentials.collapse' : 'credentials.expand', { title })}
            onClick={() => setOpen((o) => !o)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span className="tree__leaf" aria-hidden="true" />
        )}
        <div className="tree__label">
          {relationship ? (
            <span className={`tree__relationship tree__relationship--${relationship}`}>
              {knownRelationship ? t(`credentials.relationship.${relationship}`) : relationship}
            </span>
          ) : null}
          {videoId ? (
            <Link to={`/videos/${videoId}`} className="tree__title tree__title--link" data-testid="tree-link">
              {manifest?.prompt ? manifest.prompt : title}
            </Link>
          ) : (
            <span className="tree__title">{depth > 0 && manifest?.prompt ? manifest.prompt : title}</span>
          )}
          <span className="tree__meta">
            {status ? (
              <span className={`vdot vdot--${status}`}>{t(`credentials.status.${status}`)}</span>
            ) : null}
            {!hasManifest ? t('credentials.noManifest') : null}
            {edits.length
              ? edits
                  .map((a) =>
                    (KNOWN_ACTIONS as readonly string[]).includes(a.action)
                      ? t(`credentials.action.${a.action.replace('c2pa.', '')}`)
                      : a.action,
                  )
                  .join(' · ')
              : null}
          </span>
          {depth > 0 && videoId === null && hasManifest ? <span className="tree__file">{title}</span> : null}
        </div>
      </div>
      {children.length && open ? (
        <ul className="tree__children" role="group">
          {children.map((c: CredentialsIngredient, i) => (
            <TreeNode
              key={i}
              title={c.title}
              manifest={c.manifest}
              status={c.status}
              relationship={c.relationship}
              videoId={c.video_id}
              hasManifest={c.has_manifest}
              depth={depth + 1}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function signerText(m: CredentialsManifest): string | null {
  if (!m.signer) return null;
  const { common_name: name, issuer } = m.signer;
  if (name && issuer && issuer !== name) return `${name} · ${issuer}`;
  return name ?? issuer;
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function ShieldIcon() {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" className="vpanel__icon">
      <path
        d="M10 2 3.5 4.5v5c0 4 2.8 7.2 6.5 8.5 3.7-1.3 6.5-4.5 6.5-8.5v-5L10 2Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
      <path
        d="m7 10 2 2 4-4.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

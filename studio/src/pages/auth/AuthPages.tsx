/**
 * Sign-up and login. Both set the HttpOnly session cookie; on success the session is re-read and the page
 * goes on to `?next=` (or Compose after a sign-up). Errors land next to the field the API names.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, apiPost } from '../../api/client.ts';
import { errorMessage } from '../../api/errors.ts';
import type { Account } from '../../api/types.ts';
import { useServiceStatus } from '../../app/service-status.tsx';
import { useSession } from '../../app/session.tsx';
import { Banner } from '../../components/Banner.tsx';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';

const MIN_PASSWORD = 8;
type Errors = Partial<Record<'email' | 'password' | 'name' | 'form', string>>;

/** Only same-site paths, so `?next=` cannot send anyone elsewhere. */
function safeNext(next: string | null, fallback: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

export function SignupPage() {
  return <AuthForm mode="signup" />;
}

export function LoginPage() {
  return <AuthForm mode="login" />;
}

function AuthForm({ mode }: { mode: 'signup' | 'login' }) {
  const { t, i18n } = useTranslation('auth');
  const { setAccount, refresh } = useSession();
  const status = useServiceStatus();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const signup = mode === 'signup';
  const paused = signup && status !== undefined && !status.signups.open;

  function validate(): Errors {
    const found: Errors = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) found.email = t('errors.email');
    if (signup && [...password].length < MIN_PASSWORD)
      found.password = t('errors.passwordShort', { min: MIN_PASSWORD });
    if (!signup && password === '') found.password = t('errors.passwordRequired');
    return found;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      if (signup) {
        const body: Record<string, string> = { email: email.trim(), password };
        if (name.trim()) body.name = name.trim();
        const account = await apiPost<Account>('/v1/accounts', body);
        setAccount(account);
      } else {
        await apiPost('/v1/sessions', { email: email.trim(), password });
      }
      await refresh();
      navigate(safeNext(params.get('next'), signup ? '/compose' : '/'), { replace: true });
    } catch (err) {
      const message = errorMessage(i18n, err);
      const param = err instanceof ApiError ? err.param : null;
      if (err instanceof ApiError && err.code === 'invalid_credentials') setErrors({ password: message });
      else if (param === 'email' || param === 'password' || param === 'name') setErrors({ [param]: message });
      else setErrors({ form: message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page page--narrow auth">
      <div className="auth__card">
        <h1 className="auth__title">{t(signup ? 'signup.title' : 'login.title')}</h1>
        <p className="auth__lead">{t(signup ? 'signup.lead' : 'login.lead')}</p>
        {paused && !errors.form ? (
          <Banner tone="warning" testId="signup-paused">
            {t('signup.paused')}
          </Banner>
        ) : null}
        {errors.form ? (
          <Banner tone="error" testId="form-error">
            {errors.form}
          </Banner>
        ) : null}
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('email')} error={errors.email}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="email"
                name="email"
                autoComplete="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
              />
            )}
          </Field>
          <Field
            label={t('password')}
            error={errors.password}
            hint={signup ? t('signup.passwordHint', { min: MIN_PASSWORD }) : undefined}
          >
            {(control) => (
              <input
                {...control}
                className="input"
                type="password"
                name="password"
                autoComplete={signup ? 'new-password' : 'current-password'}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            )}
          </Field>
          {signup ? (
            <Field label={t('signup.name')} hint={t('signup.nameHint')} error={errors.name}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="text"
                  name="name"
                  autoComplete="username"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              )}
            </Field>
          ) : null}
          <Button type="submit" variant="primary" size="lg" busy={busy} className="auth__submit">
            {t(signup ? 'signup.submit' : 'login.submit')}
          </Button>
        </form>
        <p className="auth__switch">
          {t(signup ? 'signup.haveAccount' : 'login.noAccount')}{' '}
          <Link to={signup ? '/login' : '/signup'}>{t(signup ? 'signup.toLogin' : 'login.toSignup')}</Link>
        </p>
      </div>
    </div>
  );
}

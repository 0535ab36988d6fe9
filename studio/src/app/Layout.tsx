/** The studio's frame: header (brand, navigation, credits, language switch, account), banners, page. */
import { Outlet, NavLink, Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useServiceStatus } from './service-status.tsx';
import { useSession } from './session.tsx';

export function Layout() {
  const { t } = useTranslation();
  const { account, signOut } = useSession();
  const navigate = useNavigate();
  const signedIn = Boolean(account);

  const links = signedIn
    ? [
        { to: '/compose', label: t('nav.compose') },
        { to: '/library', label: t('nav.library') },
        { to: '/storyboard', label: t('nav.storyboard') },
        { to: '/account', label: t('nav.account') },
      ]
    : [];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="header">
        <div className="header__row">
          <Link to="/" className="brand" aria-label={t('nav.home')}>
            <span className="brand__mark" aria-hidden="true" />
            <span className="brand__name">{t('brand')}</span>
            <span className="brand__tag">{t('brandTagline')}</span>
          </Link>
          {links.length > 0 ? (
            <nav className="nav nav--desktop" aria-label={t('nav.main')}>
              {links.map((l) => (
                <NavLink key={l.to} to={l.to} className="nav__link">
                  {l.label}
                </NavLink>
              ))}
            </nav>
          ) : null}
          <div className="header__end">
            {account ? (
              <Link to="/account" className="credits-pill" data-testid="header-credits">
                <span className="credits-pill__dot" aria-hidden="true" />
                {t('credits', { count: account.credits })}
              </Link>
            ) : null}
            <LanguageSwitch />
            {account ? (
              <button
                type="button"
                className="btn btn--ghost btn--sm header__logout"
                onClick={() => void signOut().then(() => navigate('/'))}
              >
                {t('nav.logout')}
              </button>
            ) : account === null ? (
              <>
                <Link to="/login" className="btn btn--ghost btn--sm">
                  {t('nav.login')}
                </Link>
                <Link to="/signup" className="btn btn--primary btn--sm header__signup">
                  {t('nav.signup')}
                </Link>
              </>
            ) : null}
          </div>
        </div>
        {links.length > 0 ? (
          <nav className="nav nav--mobile" aria-label={t('nav.main')}>
            {links.map((l) => (
              <NavLink key={l.to} to={l.to} className="nav__link">
                {l.label}
              </NavLink>
            ))}
          </nav>
        ) : null}
      </header>
      <ServiceBanners />
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** Paused sign-ups (for visitors) and a busy queue (for everyone who can render). */
function ServiceBanners() {
  const { t } = useTranslation();
  const status = useServiceStatus();
  const { account } = useSession();
  const { pathname } = useLocation();
  if (!status) return null;
  // The sign-up form shows it in the form itself.
  const showSignups = !status.signups.open && account === null && pathname !== '/signup';
  const showBusy = status.queue.busy && Boolean(account);
  if (!showSignups && !showBusy) return null;
  return (
    <div className="banners">
      {showSignups ? (
        <Banner tone="warning" testId="banner-signups-paused">
          {t(status.signups.reason === 'admin' ? 'banner.signupsPausedAdmin' : 'banner.signupsPausedLoad')}
        </Banner>
      ) : null}
      {showBusy ? (
        <Banner tone="info" testId="banner-queue-busy">
          {t('banner.queueBusy', { waiting: status.queue.waiting, workers: status.queue.workers })}
        </Banner>
      ) : null}
    </div>
  );
}

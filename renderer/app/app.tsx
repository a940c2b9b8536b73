// The app shell: header with MyVivium's word mark, help and the language switcher; the current screen;
// the footer with the helpdesk and its hours; the live regions. Heavier screens load on demand so the
// first screen stays small; they are fetched right after the first paint and screens change inside a
// transition, so the old screen stays until the new one is ready (no "Loading…" flash).
import { lazy, startTransition, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import type { EidBridge } from '../../src/contract/bridge.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../src/i18n/languages.ts';
import { AnnouncerProvider, useAnnounce } from './announcer.tsx';
import { BridgeContext, invoke } from './bridge-context.tsx';
import { HelpdeskFooter } from './components/helpdesk-footer.tsx';
import { UpdateBanner } from './components/update-banner.tsx';
import { Wordmark } from './components/wordmark.tsx';
import { EnvironmentContext, type AppEnvironment, type Platform } from './environment.tsx';
import type { Screen } from './navigation.ts';
import { LoginScreen } from './screens/login-screen.tsx';
import { LANGUAGE_STORAGE_KEY } from './start/start-language.ts';

const loadEid = () => import('./eid/eid-screen.tsx').then((m) => ({ default: m.EidScreen }));
const loadItsme = () => import('./screens/itsme-screen.tsx').then((m) => ({ default: m.ItsmeScreen }));
const loadOnboarding = () => import('./screens/onboarding-screen.tsx').then((m) => ({ default: m.OnboardingScreen }));
const loadDone = () => import('./screens/done-screen.tsx').then((m) => ({ default: m.DoneScreen }));
const loadInstall = () => import('./install/install-guide-screen.tsx').then((m) => ({ default: m.InstallGuideScreen }));
const loadHelp = () => import('./help/help-screen.tsx').then((m) => ({ default: m.HelpScreen }));
const loadDiagnosis = () => import('./diagnosis/diagnosis-screen.tsx').then((m) => ({ default: m.DiagnosisScreen }));
const EidScreen = lazy(loadEid);
const ItsmeScreen = lazy(loadItsme);
const OnboardingScreen = lazy(loadOnboarding);
const DoneScreen = lazy(loadDone);
const InstallGuideScreen = lazy(loadInstall);
const HelpScreen = lazy(loadHelp);
const DiagnosisScreen = lazy(loadDiagnosis);
/** The eID screen first: it is the next step of most people who start the app. */
const PREFETCH = [loadEid, loadItsme, loadHelp, loadInstall, loadOnboarding, loadDone, loadDiagnosis];

export interface AppProps {
  bridge: EidBridge;
  i18n: I18n;
  platform: Platform;
  now?: () => Date;
  initialScreen?: Screen;
}

export function App({ bridge, i18n, platform, now = () => new Date(), initialScreen = { name: 'login' } }: AppProps) {
  return (
    <BridgeContext.Provider value={bridge}>
      <I18nextProvider i18n={i18n}>
        <AnnouncerProvider>
          <Shell bridge={bridge} i18n={i18n} platform={platform} now={now} initialScreen={initialScreen} />
        </AnnouncerProvider>
      </I18nextProvider>
    </BridgeContext.Provider>
  );
}

function Shell({ bridge, i18n, platform, now, initialScreen }: Required<AppProps>) {
  const { t } = useTranslation('common');
  const announce = useAnnounce();
  const [screen, setScreen] = useState<Screen>(initialScreen);
  const [language, setLanguage] = useState<Language>(i18n.language as Language);
  const navigate = useCallback((next: Screen) => startTransition(() => setScreen(next)), []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('appTitle');
  }, [language, t]);

  // The companion writes some texts itself (the subject of a report's mail): in the UI's language from
  // the start, not only after the customer picks one.
  useEffect(() => {
    void invoke(bridge, 'app.setLanguage', { language }).catch(() => undefined);
  }, [bridge, language]);

  // Once the first screen is painted and the page is idle, fetch the other screens in the background.
  useEffect(() => {
    const prefetch = () => PREFETCH.forEach((load) => void load().catch(() => undefined));
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(prefetch, 200);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(prefetch, { timeout: 500 });
    return () => cancelIdleCallback(idle);
  }, []);

  const changeLanguage = useCallback(async (next: Language) => {
    // The switcher shows the new choice at once, so arrow keys move on from it, not from the old one.
    setLanguage(next);
    await i18n.changeLanguage(next);
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private mode): the companion still remembers it.
    }
    announce(i18n.t('common:language.changed', { lng: next }));
  }, [i18n, announce]);

  // A myvivium-eid: link (MyVivium's login page) asks for a screen: on start, and whenever one arrives.
  useEffect(() => {
    let live = true;
    const take = () =>
      void invoke(bridge, 'appLink.take', {}).then(
        ({ request }) => {
          if (!live || !request) return;
          navigate(request.screen === 'eid' ? { name: 'eid', fromMyVivium: true } : { name: 'itsme', fromMyVivium: true });
          announce(i18n.t('app-link:requested'));
        },
        () => undefined,
      );
    take();
    const off = bridge.on('appLink', take);
    return () => {
      live = false;
      off();
    };
  }, [bridge, i18n, announce, navigate]);

  const environment = useMemo<AppEnvironment>(() => ({ navigate, platform, now, language, screen: screen.name }), [navigate, platform, now, language, screen.name]);

  return (
    <EnvironmentContext.Provider value={environment}>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <header className="app-header">
        <button type="button" className="brand" onClick={() => navigate({ name: 'login' })}>
          <Wordmark /> <span className="brand-sub">{t('appSubtitle')}</span>
        </button>
        <nav aria-label={t('nav.label')} className="app-nav">
          <button type="button" className="button link" aria-current={screen.name === 'install' ? 'page' : undefined} onClick={() => navigate({ name: 'install' })}>{t('nav.install')}</button>
          <button type="button" className="button link" aria-current={screen.name === 'help' ? 'page' : undefined} onClick={() => navigate({ name: 'help' })}>{t('nav.help')}</button>
          <LanguageSwitcher language={language} onChange={(next) => void changeLanguage(next)} />
        </nav>
      </header>
      <UpdateBanner />
      <main id="main" className="app-main" data-screen={screen.name}>
        {(screen.name === 'eid' || screen.name === 'itsme') && screen.fromMyVivium && (
          <p className="panel panel-info" data-testid="link-request">{t('app-link:requested')}</p>
        )}
        {/* Only a screen opened directly (tests, a restart on it) waits here; navigation keeps the old screen. */}
        <Suspense fallback={null}>
          <CurrentScreen screen={screen} />
        </Suspense>
      </main>
      <HelpdeskFooter />
    </EnvironmentContext.Provider>
  );
}

function CurrentScreen({ screen }: { screen: Screen }): ReactNode {
  switch (screen.name) {
    case 'login': return <LoginScreen />;
    case 'eid': return <EidScreen />;
    case 'itsme': return <ItsmeScreen />;
    case 'onboarding': return <OnboardingScreen account={screen.account} />;
    case 'done': return <DoneScreen account={screen.account} />;
    case 'install': return <InstallGuideScreen />;
    case 'help': return <HelpScreen />;
    case 'diagnosis': return <DiagnosisScreen />;
  }
}

function LanguageSwitcher({ language, onChange }: { language: Language; onChange: (language: Language) => void }) {
  const { t } = useTranslation('common');
  return (
    <div className="language-switcher">
      <label htmlFor="language-select">{t('language.label')}</label>
      <select id="language-select" value={language} onChange={(event) => onChange(event.target.value as Language)}>
        {LANGUAGES.map((lng) => <option key={lng} value={lng} lang={lng}>{LANGUAGE_NAMES[lng]}</option>)}
      </select>
    </div>
  );
}

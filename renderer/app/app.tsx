// The app shell: header with the way home, help and the language switcher; the current screen;
// the live regions. Heavier screens load on demand so the first screen stays small.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import type { EidBridge } from '../../src/contract/bridge.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../src/i18n/languages.ts';
import { AnnouncerProvider, useAnnounce } from './announcer.tsx';
import { BridgeContext, invoke } from './bridge-context.tsx';
import { UpdateBanner } from './components/update-banner.tsx';
import { EnvironmentContext, type AppEnvironment, type Platform } from './environment.tsx';
import type { Screen } from './navigation.ts';
import { LoginScreen } from './screens/login-screen.tsx';
import { PersonalDataScreen } from './screens/personal-data-screen.tsx';

const EidScreen = lazy(() => import('./eid/eid-screen.tsx').then((m) => ({ default: m.EidScreen })));
const ItsmeScreen = lazy(() => import('./screens/itsme-screen.tsx').then((m) => ({ default: m.ItsmeScreen })));
const OnboardingScreen = lazy(() => import('./screens/onboarding-screen.tsx').then((m) => ({ default: m.OnboardingScreen })));
const DoneScreen = lazy(() => import('./screens/done-screen.tsx').then((m) => ({ default: m.DoneScreen })));
const InstallGuideScreen = lazy(() => import('./install/install-guide-screen.tsx').then((m) => ({ default: m.InstallGuideScreen })));
const HelpScreen = lazy(() => import('./help/help-screen.tsx').then((m) => ({ default: m.HelpScreen })));
const DiagnosisScreen = lazy(() => import('./diagnosis/diagnosis-screen.tsx').then((m) => ({ default: m.DiagnosisScreen })));

/** Where the chosen language is remembered in the page (the companion remembers it too, via app.setLanguage). */
export const LANGUAGE_STORAGE_KEY = 'eid-companion.language';

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

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('appTitle');
  }, [language, t]);

  const changeLanguage = useCallback(async (next: Language) => {
    await i18n.changeLanguage(next);
    setLanguage(next);
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private mode): the companion still remembers it.
    }
    void invoke(bridge, 'app.setLanguage', { language: next }).catch(() => undefined);
    announce(i18n.t('common:language.changed', { lng: next }));
  }, [i18n, bridge, announce]);

  // A myvivium-eid: link (MyVivium's login page) asks for a screen: on start, and whenever one arrives.
  useEffect(() => {
    let live = true;
    const take = () =>
      void invoke(bridge, 'appLink.take', {}).then(
        ({ request }) => {
          if (!live || !request) return;
          setScreen(request.screen === 'eid' ? { name: 'eid', fromMyVivium: true } : { name: 'itsme', fromMyVivium: true });
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
  }, [bridge, i18n, announce]);

  const environment = useMemo<AppEnvironment>(() => ({ navigate: setScreen, platform, now, language }), [platform, now, language]);

  return (
    <EnvironmentContext.Provider value={environment}>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <header className="app-header">
        <button type="button" className="brand" onClick={() => setScreen({ name: 'login' })}>
          <span className="brand-name">MyVivium</span> <span className="brand-sub">{t('appSubtitle')}</span>
        </button>
        <nav aria-label={t('nav.label')} className="app-nav">
          <button type="button" className="button link" aria-current={screen.name === 'install' ? 'page' : undefined} onClick={() => setScreen({ name: 'install' })}>{t('nav.install')}</button>
          <button type="button" className="button link" aria-current={screen.name === 'help' ? 'page' : undefined} onClick={() => setScreen({ name: 'help' })}>{t('nav.help')}</button>
          <LanguageSwitcher language={language} onChange={(next) => void changeLanguage(next)} />
        </nav>
      </header>
      <UpdateBanner />
      <main id="main" className="app-main" data-screen={screen.name}>
        {(screen.name === 'eid' || screen.name === 'itsme') && screen.fromMyVivium && (
          <p className="panel panel-info" data-testid="link-request">{t('app-link:requested')}</p>
        )}
        <Suspense fallback={<p className="loading">{t('loading')}</p>}>
          <CurrentScreen screen={screen} />
        </Suspense>
      </main>
      <footer className="app-footer">
        <p>{t('footer')}</p>
      </footer>
    </EnvironmentContext.Provider>
  );
}

function CurrentScreen({ screen }: { screen: Screen }): ReactNode {
  switch (screen.name) {
    case 'login': return <LoginScreen />;
    case 'personal-data': return <PersonalDataScreen />;
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

// Start-up: pick the language (a remembered choice, else the system's in Electron or the browser's in
// a page, else French), load it while the companion tells the platform, then render. The two run side
// by side so the first screen waits for neither twice; a companion that does not answer quickly does
// not hold the first screen back (the eID screen then says it cannot reach it).
import { createRoot } from 'react-dom/client';
import { getBridge } from './bridge/index.ts';
import { createI18n } from '../src/i18n/create-i18n.ts';
import { isLanguage, type Language } from '../src/i18n/languages.ts';
import { loadLocale } from '../src/i18n/locale-loader.ts';
import type { MethodResult } from '../src/contract/bridge.ts';
import { App, LANGUAGE_STORAGE_KEY } from './app/app.tsx';
import type { Platform } from './app/environment.tsx';
import { startLanguage } from './app/start/start-language.ts';
import './app/styles.css';

/** How long the first screen waits for the companion's app facts before guessing them. */
const APP_INFO_WAIT_MS = 1500;

function rememberedLanguage(): Language | null {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

function guessedPlatform(): Platform {
  const ua = navigator.userAgent;
  return /Windows/.test(ua) ? 'windows' : /Mac OS X|Macintosh/.test(ua) ? 'macos' : 'linux';
}

async function start(): Promise<void> {
  const bridge = getBridge();
  const info = Promise.race([
    bridge.call('app.info', {}).then((r): MethodResult<'app.info'> | null => (r.ok ? r.result : null), () => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), APP_INFO_WAIT_MS)),
  ]);
  const remembered = rememberedLanguage();
  // Only Electron's companion knows the system's language; a page has the browser's.
  const systemLanguage = window.eid && !remembered ? (await info)?.language ?? null : null;
  const language = startLanguage({ remembered, systemLanguage, browserLanguages: navigator.languages });
  document.documentElement.lang = language;
  const [i18n, facts] = await Promise.all([createI18n({ language, load: loadLocale }), info]);
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(<App bridge={bridge} i18n={i18n} platform={facts?.platform ?? guessedPlatform()} />);
}

void start();

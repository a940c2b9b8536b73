// Start-up, kept tiny so the language's texts download while the app's code loads: pick the language
// (a remembered choice, else the system's in Electron or the browser's in a page, else French), start
// both downloads at once, then mount. A companion that does not answer quickly does not hold the first
// screen back (the eID screen then says it cannot reach it).
import { isLanguage, type Language } from '../src/i18n/languages.ts';
import { loadLocale } from '../src/i18n/locale-loader.ts';
import type { MethodResult } from '../src/contract/bridge.ts';
import { LANGUAGE_STORAGE_KEY, startLanguage } from './app/start/start-language.ts';

function rememberedLanguage(): Language | null {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  const app = import('./app/start/mount.tsx');
  const remembered = rememberedLanguage();
  // Only Electron's companion knows the system's language; a page has the browser's.
  const info = window.eid
    ? window.eid.call('app.info', {}).then((r): MethodResult<'app.info'> | null => (r.ok ? r.result : null), () => null)
    : undefined;
  const systemLanguage = info && !remembered ? (await info)?.language ?? null : null;
  const language = startLanguage({ remembered, systemLanguage, browserLanguages: navigator.languages });
  document.documentElement.lang = language;
  // The language's texts (one chunk per language) and English underneath, fetched alongside the app's code.
  void loadLocale(language, 'common').catch(() => undefined);
  if (language !== 'en') void loadLocale('en', 'common').catch(() => undefined);
  await (await app).mount(root, language, info);
}

void start();

// Start-up: ask the companion for the platform and the system language, let a remembered choice win,
// load that language, then render. Nothing here knows whether the bridge is Electron or WebSocket.
import { createRoot } from 'react-dom/client';
import { getBridge } from './bridge/index.ts';
import { createI18n } from '../src/i18n/create-i18n.ts';
import { isLanguage, pickLanguage, type Language } from '../src/i18n/languages.ts';
import { loadLocale } from '../src/i18n/locale-loader.ts';
import { App, LANGUAGE_STORAGE_KEY } from './app/app.tsx';
import type { Platform } from './app/environment.tsx';
import './app/styles.css';

function rememberedLanguage(): Language | null {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

async function start(): Promise<void> {
  const bridge = getBridge();
  const info = await bridge.call('app.info', {});
  const platform: Platform = info.ok ? info.result.platform : 'windows';
  const language = rememberedLanguage() ?? (info.ok ? info.result.language : pickLanguage(navigator.languages));
  document.documentElement.lang = language;
  const i18n = await createI18n({ language, load: loadLocale });
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(<App bridge={bridge} i18n={i18n} platform={platform} />);
}

void start();

// The heavy half of start-up (React, the app, the bridge, i18next), loaded by main.tsx while the
// language's texts download alongside it.
import { createRoot } from 'react-dom/client';
import { getBridge } from '../../bridge/index.ts';
import { createI18n } from '../../../src/i18n/create-i18n.ts';
import type { Language } from '../../../src/i18n/languages.ts';
import { loadLocale } from '../../../src/i18n/locale-loader.ts';
import type { MethodResult } from '../../../src/contract/bridge.ts';
import { App } from '../app.tsx';
import type { Platform } from '../environment.tsx';
import '../styles.css';

/** How long the first screen waits for the companion's app facts before guessing them. */
const APP_INFO_WAIT_MS = 1500;

function guessedPlatform(): Platform {
  const ua = navigator.userAgent;
  return /Windows/.test(ua) ? 'windows' : /Mac OS X|Macintosh/.test(ua) ? 'macos' : 'linux';
}

export async function mount(root: HTMLElement, language: Language, info?: Promise<MethodResult<'app.info'> | null>): Promise<void> {
  const bridge = getBridge();
  const facts = info ?? Promise.race([
    bridge.call('app.info', {}).then((r): MethodResult<'app.info'> | null => (r.ok ? r.result : null), () => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), APP_INFO_WAIT_MS)),
  ]);
  const [i18n, known] = await Promise.all([createI18n({ language, load: loadLocale }), facts]);
  createRoot(root).render(<App bridge={bridge} i18n={i18n} platform={known?.platform ?? guessedPlatform()} />);
}

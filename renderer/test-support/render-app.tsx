// Renders the whole app (real navigation, real translations) around a fake bridge.
import { configure, render, type RenderResult } from '@testing-library/react';
import { App } from '../app/app.tsx';
import type { Platform } from '../app/environment.tsx';
import type { Screen } from '../app/navigation.ts';
import { createI18n } from '../../src/i18n/create-i18n.ts';
import type { Language } from '../../src/i18n/languages.ts';
import { loadLocale } from '../../src/i18n/locale-loader.ts';
import { FakeBridge } from './fake-bridge.ts';

// Lazy screens are transformed on first use in a test run: allow for that rather than flake.
configure({ asyncUtilTimeout: 5000 });

export interface RenderAppOptions {
  bridge?: FakeBridge;
  screen?: Screen;
  platform?: Platform;
  language?: Language;
  now?: () => Date;
}

export async function renderApp(options: RenderAppOptions = {}): Promise<RenderResult & { bridge: FakeBridge }> {
  const bridge = options.bridge ?? new FakeBridge();
  bridge.handle('app.setLanguage', () => ({}));
  const i18n = await createI18n({ language: options.language ?? 'en', load: loadLocale });
  const result = render(
    <App bridge={bridge} i18n={i18n} platform={options.platform ?? 'windows'} now={options.now ?? (() => new Date())}
      initialScreen={options.screen ?? { name: 'login' }} />,
  );
  return { ...result, bridge };
}

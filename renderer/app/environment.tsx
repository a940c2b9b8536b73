// What screens need from the app around them: where to go, the platform, the clock (injectable so
// opening hours and time limits are testable), and the UI language.
import { createContext, useContext } from 'react';
import type { Language } from '../../src/i18n/languages.ts';
import type { Navigate } from './navigation.ts';

export type Platform = 'windows' | 'macos' | 'linux';

export interface AppEnvironment {
  navigate: Navigate;
  platform: Platform;
  now: () => Date;
  language: Language;
}

export const EnvironmentContext = createContext<AppEnvironment | null>(null);

export function useEnvironment(): AppEnvironment {
  const environment = useContext(EnvironmentContext);
  if (!environment) throw new Error('useEnvironment outside <EnvironmentContext>');
  return environment;
}

// What screens need from the app around them: where to go, the platform, the clock (injectable so
// opening hours and time limits are testable), the UI language and the screen shown.
import { createContext, useContext } from 'react';
import type { Language } from '../../src/i18n/languages.ts';
import type { Navigate, Screen } from './navigation.ts';

export type Platform = 'windows' | 'macos' | 'linux';

export interface AppEnvironment {
  navigate: Navigate;
  platform: Platform;
  now: () => Date;
  language: Language;
  /** The screen shown now: a button never offers to open the screen it is on. */
  screen: Screen['name'];
}

export const EnvironmentContext = createContext<AppEnvironment | null>(null);

export function useEnvironment(): AppEnvironment {
  const environment = useContext(EnvironmentContext);
  if (!environment) throw new Error('useEnvironment outside <EnvironmentContext>');
  return environment;
}

// The translation namespaces the UI loads. Each lives in locales/<lang>/<namespace>.json.
export const UI_NAMESPACES = [
  'common',
  'login',
  'eid',
  'pin',
  'onboarding',
  'install',
  'help',
  'errors',
  'itsme',
  'itsme-onboarding',
  'diagnosis-ui',
  'diagnostics',
  'support-send',
  'updates',
  'app-link',
  'ui',
  'next-step',
] as const;
export type UiNamespace = (typeof UI_NAMESPACES)[number];

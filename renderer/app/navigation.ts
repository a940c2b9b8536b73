// The screens and what each needs to open. App holds the current one; screens ask to go elsewhere.
import type { Account } from '../../src/contract/bridge.ts';

export type Screen =
  | { name: 'login' }
  /** `fromMyVivium`: a myvivium-eid: link from MyVivium's login page asked for this login. */
  | { name: 'eid'; fromMyVivium?: boolean }
  | { name: 'itsme'; fromMyVivium?: boolean }
  | { name: 'onboarding'; account: Account }
  | { name: 'done'; account: Account }
  | { name: 'install' }
  | { name: 'help' }
  | { name: 'diagnosis' };

export type Navigate = (screen: Screen) => void;

/** After any login: onboarding when no e-mail or mobile number is linked, else straight to MyVivium. */
export function afterLogin(account: Account): Screen {
  return account.needsOnboarding ? { name: 'onboarding', account } : { name: 'done', account };
}

// The settings the three programs share: which backend, which origin tokens are bound to, which
// cards. Flags win over the environment (MYVIVIUM_BACKEND, MYVIVIUM_ORIGIN), which wins over the
// production defaults. The origin is configuration only: the UI can never choose it.
import { isCanonicalHttpsOrigin } from '../src/auth/index.ts';
import { AppError } from '../src/contract/index.ts';
import type { WorkerConfig } from './card-process/protocol.ts';

export const PRODUCTION = { backend: 'https://www.myvivium.be', origin: 'https://www.myvivium.be' } as const;
export const HELPDESK_EMAIL = 'myvivium@vivium.be';
/** The demo's virtual cards and the demo backend share this seed, so the backend trusts the card's CA. */
export const DEMO_SEED = 'eid-companion-demo';

export interface CompanionConfig {
  readonly backendUrl: string;
  readonly origin: string;
  readonly pcsc: WorkerConfig['pcsc'];
  /** The itsme OpenID provider the browser is sent to (its authorize URL must be on the allow-list). */
  readonly itsmeOrigin?: string;
}

export const ITSME_PRODUCTION_ORIGIN = 'https://idp.prd.itsme.services';

export function resolveConfig(flags: { backend?: string; origin?: string; virtualCard?: string; itsmeOrigin?: string }, env: Readonly<Record<string, string | undefined>>): CompanionConfig {
  const backendUrl = flags.backend ?? env.MYVIVIUM_BACKEND ?? PRODUCTION.backend;
  const origin = flags.origin ?? env.MYVIVIUM_ORIGIN ?? (flags.backend || env.MYVIVIUM_BACKEND ? originOf(backendUrl) : PRODUCTION.origin);
  if (!isCanonicalHttpsOrigin(origin)) throw new AppError('INVALID_ARGUMENT', `--origin must be https://host[:port] (got ${String(origin).slice(0, 100)})`);
  checkBackendUrl(backendUrl);
  const virtual = flags.virtualCard;
  if (virtual !== undefined && virtual !== '1.7' && virtual !== '1.8') throw new AppError('INVALID_ARGUMENT', '--virtual-card takes 1.7 or 1.8');
  const pcsc: WorkerConfig['pcsc'] = virtual ? { kind: 'virtual', profile: virtual, seed: DEMO_SEED } : { kind: 'native' };
  const itsme = flags.itsmeOrigin ?? env.ITSME_ORIGIN ?? ITSME_PRODUCTION_ORIGIN;
  let itsmeOrigin: string;
  try {
    itsmeOrigin = new URL(itsme).origin;
  } catch {
    throw new AppError('INVALID_ARGUMENT', `--itsme-origin must be a URL (got ${itsme.slice(0, 100)})`);
  }
  return { backendUrl, origin, pcsc, itsmeOrigin };
}

/** The backend is an http(s) URL (http for tests and the demo), else INVALID_ARGUMENT naming --backend. */
export function checkBackendUrl(backendUrl: string): void {
  try {
    const url = new URL(backendUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new AppError('INVALID_ARGUMENT', `--backend must be an http(s) URL (got ${backendUrl.slice(0, 100)})`);
  }
}

/** A backend on https serves its own origin; over http (tests, demo) the origin must be given. */
function originOf(backendUrl: string): string {
  try {
    const url = new URL(backendUrl);
    return url.protocol === 'https:' ? url.origin : PRODUCTION.origin;
  } catch {
    return PRODUCTION.origin;
  }
}

// `myvivium-eid:` links: how MyVivium's website (and the backend's itsme return page) brings the app
// forward. A link comes from any web page, so nothing in it is trusted: it can choose a screen and a
// return path on the portal, or hand back an itsme one-time result (useless without the secret the app
// keeps). Never an origin, a nonce, a backend address or anything else the app would act on.
// Total: every string gives a request or a refusal, never an exception. Browser-safe: no imports.

export const APP_LINK_SCHEME = 'myvivium-eid';
/** Longer links are refused before parsing: a real one is well under this. */
export const MAX_APP_LINK_LENGTH = 2048;
export const MAX_RETURN_PATH_LENGTH = 512;

export type AppLinkRequest =
  /** Open a login screen; after login the portal opens on `returnPath` (null: the portal's start page). */
  | { readonly kind: 'login'; readonly method: 'eid' | 'itsme'; readonly returnPath: string | null }
  /** The backend's itsme return page hands the one-time result of an itsme login to the app that started it. */
  | { readonly kind: 'itsme-result'; readonly result: string };

export type AppLinkRefusal = 'not-a-string' | 'too-long' | 'not-a-link' | 'wrong-scheme' | 'unknown-action' | 'unknown-method' | 'bad-result';

export type AppLinkParse = { readonly ok: true; readonly request: AppLinkRequest } | { readonly ok: false; readonly reason: AppLinkRefusal };

/** An itsme one-time result: 32 random bytes, base64url. */
const ITSME_RESULT = /^[A-Za-z0-9_-]{43}$/;
// C0 controls, DEL and the C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function parseAppLink(input: unknown): AppLinkParse {
  if (typeof input !== 'string') return refuse('not-a-string');
  if (input.length > MAX_APP_LINK_LENGTH) return refuse('too-long');
  if (!input.toLowerCase().startsWith(`${APP_LINK_SCHEME}://`)) return refuse('wrong-scheme');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('not-a-link');
  }
  // The action is the host; nothing may pretend to be an address (credentials, port, a path).
  if (url.username !== '' || url.password !== '' || url.port !== '' || (url.pathname !== '' && url.pathname !== '/')) return refuse('not-a-link');
  const params = url.searchParams;
  switch (url.hostname.toLowerCase()) {
    case 'login': {
      const method = params.get('method') ?? 'eid';
      if (method !== 'eid' && method !== 'itsme') return refuse('unknown-method');
      // Ambiguous (repeated) return paths are dropped like unsafe ones.
      const returns = params.getAll('return');
      return { ok: true, request: { kind: 'login', method, returnPath: returns.length === 1 ? safeReturnPath(returns[0]) : null } };
    }
    case 'itsme-result': {
      const results = params.getAll('result');
      const result = results.length === 1 ? results[0]! : '';
      return ITSME_RESULT.test(result) ? { ok: true, request: { kind: 'itsme-result', result } } : refuse('bad-result');
    }
    default:
      return refuse('unknown-action');
  }
}

/**
 * A path on the portal to land on after login, or null when it could lead anywhere else: it must start
 * with a single `/` (no scheme, no `//` host), hold no backslash (browsers read it as `/`), no control
 * character and no `.`/`..` segment (which could resolve to `//host`), and be at most 512 characters.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_PATH_LENGTH) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  if (value.includes('\\') || CONTROL.test(value)) return null;
  const path = value.split(/[?#]/, 1)[0]!;
  const dotSegment = path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
  return dotSegment ? null : value;
}

/** The link MyVivium's login page sends the browser to (the reference backend's page and script build it so). */
export function loginLink(method: 'eid' | 'itsme', returnPath: string | null): string {
  const params = new URLSearchParams();
  if (method === 'itsme') params.set('method', 'itsme');
  const path = safeReturnPath(returnPath);
  if (path) params.set('return', path);
  const query = params.toString();
  return `${APP_LINK_SCHEME}://login${query ? `?${query}` : ''}`;
}

export function itsmeResultLink(result: string): string {
  return `${APP_LINK_SCHEME}://itsme-result?result=${encodeURIComponent(result)}`;
}

function refuse(reason: AppLinkRefusal): AppLinkParse {
  return { ok: false, reason };
}

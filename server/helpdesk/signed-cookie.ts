// The helpdesk page's two cookies, signed with the keyed hash and read back only when the signature and
// the expiry hold: the agent's session (8 hours) and, during an OpenID Connect sign-in, the flow's state,
// nonce and PKCE verifier (10 minutes). Nothing secret about the customer is ever in them.
// SameSite=Lax: the provider's redirect back to /helpdesk/callback is a cross-site navigation.
import type { KeyedHash } from '../keyed-hash.ts';
import { timingSafeEqualText } from '../keyed-hash.ts';

export const AGENT_COOKIE = 'myvivium_helpdesk';
export const SIGN_IN_COOKIE = 'myvivium_helpdesk_sign_in';

export function signedCookie(hash: KeyedHash, name: string, payload: object, maxAgeSeconds: number, now: number, secure: boolean): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: now + maxAgeSeconds * 1000 })).toString('base64url');
  const value = `${body}.${hash(`cookie:${name}`, body)}`;
  return [`${name}=${value}`, 'Path=/helpdesk', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedCookie(name: string, secure: boolean): string {
  return [`${name}=`, 'Path=/helpdesk', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}

/** The cookie's payload when its signature is ours and it has not expired; otherwise null. */
export function readSignedCookie(hash: KeyedHash, header: string | undefined, name: string, now: number): Record<string, unknown> | null {
  const value = cookieValue(header, name);
  const match = value ? /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return null;
  const [, body = '', signature = ''] = match;
  if (!timingSafeEqualText(signature, hash(`cookie:${name}`, body))) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const exp = (payload as { exp?: unknown }).exp;
  return typeof exp === 'number' && exp > now ? (payload as Record<string, unknown>) : null;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

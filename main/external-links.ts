// Which addresses the app may hand to the operating system's browser or mail program: https URLs of
// an allow-list of origins (compared as parsed URL origins, so look-alikes such as
// https://allowed.example.attacker.test fail) and the one fixed mailto of the helpdesk, with a subject
// and a body only: cc, bcc, to or an attach= that some mail programs honour would send the report (or a
// file) elsewhere.
export interface LinkPolicy {
  readonly httpsOrigins: readonly string[];
  readonly mailto: string;
}

const MAILTO_FIELDS: ReadonlySet<string> = new Set(['subject', 'body']);

export function isAllowedExternal(url: string, policy: LinkPolicy): boolean {
  if (typeof url !== 'string' || url.length > 8192) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'mailto:') {
    const fields = [...parsed.searchParams.keys()];
    return (
      parsed.pathname.toLowerCase() === policy.mailto.toLowerCase() &&
      fields.every((field) => MAILTO_FIELDS.has(field)) &&
      new Set(fields).size === fields.length
    );
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  // Plain http only for a listed provider on this machine (the tests' local OpenID provider).
  const loopback = parsed.protocol === 'http:' && (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost');
  if (parsed.protocol !== 'https:' && !loopback) return false;
  return policy.httpsOrigins.includes(parsed.origin);
}

/** The fixed destinations of the `link.open` method, built from the configured origin. */
export function appLinks(origin: string, helpdeskEmail: string) {
  return {
    myvivium: `${origin}/`,
    'helpdesk-mail': `mailto:${helpdeskEmail}`,
    'eid-software': 'https://eid.belgium.be/',
    privacy: `${origin}/privacy`,
  } as const;
}

export function linkPolicy(origin: string, helpdeskEmail: string, extraOrigins: readonly string[] = []): LinkPolicy {
  return { httpsOrigins: [origin, 'https://eid.belgium.be', ...extraOrigins], mailto: helpdeskEmail };
}

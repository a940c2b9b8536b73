// Settings from flags and environment (flags win). Production refuses to start without what it needs
// (trusted CAs, origin, HASH_KEY, mail and SMS senders); development fills in safe local defaults.
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_SMS_POLICY, KNOWN_SMS_COUNTRIES, type SmsPolicy } from './sms-policy.ts';

export interface SenderConfig {
  readonly smtp?: { url: string; from: string };
  readonly sms?: { url: string; token: string; sender: string };
}

export interface ServerConfig {
  readonly command: 'serve' | 'seed';
  /** Serve after seeding the demo customers (one process instead of two, for tests and the demo). */
  readonly seed: boolean;
  readonly port: number;
  readonly host: string;
  /** Proxies in front of the server whose X-Forwarded-For/-Proto it believes (TRUST_PROXY). */
  readonly trustProxy: TrustProxy;
  readonly database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  readonly trustedCaFiles: readonly string[];
  readonly origin: string;
  readonly dev: boolean;
  readonly revocation: false | { mode: 'aia' } | { mode: 'designated'; url: string; responderCertificateFile: string };
  readonly hashKey?: Uint8Array;
  readonly portalUrl?: string;
  readonly downloadUrl?: string;
  readonly itsmeLoginUrl?: string;
  readonly outboxPath?: string;
  readonly senders: SenderConfig;
  readonly rateLimitMultiplier: number;
  readonly sms: SmsPolicy;
  readonly logLevel: string;
  readonly itsme?: ItsmeConfig;
}

/**
 * `hops`: believe that many proxies, whoever they are (for a backend only reachable through them; 0 believes
 * none). `addresses`: believe forwarding headers only from these proxy addresses or CIDR ranges.
 */
export type TrustProxy = { readonly hops: number } | { readonly addresses: readonly string[] };

export interface ItsmeConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly serviceCode: string;
  /** Private JWK files: the first signs; all are published (a rotation keeps the previous one a while). */
  readonly signingKeyFiles: readonly string[];
  /** Private JWK files: the first is announced first; all decrypt. */
  readonly encryptionKeyFiles: readonly string[];
  /** Default: /api/auth/itsme/callback on the portal URL. */
  readonly redirectUri?: string;
  readonly extraScopes: readonly string[];
  readonly nationalNumberClaim: string;
  readonly acrValues: readonly string[];
}

const ORIGIN = /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
/** Where a development server may listen: its routes move the clock and show the codes sent. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/;
const MAX_PROXY_HOPS = 10;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'trust-proxy': { type: 'string' },
      db: { type: 'string' },
      trust: { type: 'string' },
      origin: { type: 'string' },
      dev: { type: 'boolean' },
      seed: { type: 'boolean' },
      'no-revocation': { type: 'boolean' },
      'portal-url': { type: 'string' },
      'download-url': { type: 'string' },
      outbox: { type: 'string' },
      'rate-limit-multiplier': { type: 'string' },
      'log-level': { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if ((command !== 'serve' && command !== 'seed') || positionals.length > 1) throw new ConfigError(`unknown command: ${positionals.join(' ')}`);
  const dev = values.dev ?? env.MYVIVIUM_DEV === '1';

  const port = z.coerce.number().int().min(0).max(65535).safeParse(values.port ?? env.PORT ?? 8080);
  if (!port.success) throw new ConfigError('--port must be 0–65535');

  const host = values.host ?? env.HOST ?? '127.0.0.1';
  if (dev && !LOOPBACK_HOST.test(host)) {
    throw new ConfigError(`--dev (MYVIVIUM_DEV=1) listens on loopback only (127.0.0.1, ::1, localhost), not on ${host}: its routes set the clock and show the codes sent`);
  }

  const trustProxy = parseTrustProxy(values['trust-proxy'] ?? env.TRUST_PROXY ?? '0');

  const databaseUrl = env.DATABASE_URL;
  const database: ServerConfig['database'] =
    databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl) && !values.db
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'sqlite', path: values.db ?? env.DATABASE_PATH ?? '.data/myvivium.sqlite' };

  const trustedCaFiles = (values.trust ?? env.TRUSTED_CA_FILES ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (command === 'serve' && trustedCaFiles.length === 0) throw new ConfigError('no trusted CA: pass --trust CA.pem[,CA.pem…] or TRUSTED_CA_FILES');

  const origin = values.origin ?? env.MYVIVIUM_ORIGIN ?? (dev ? 'https://myvivium.localhost' : undefined);
  if (!origin) throw new ConfigError('no origin: pass --origin https://… or MYVIVIUM_ORIGIN');
  if (!ORIGIN.test(origin)) throw new ConfigError('the origin must be https://host[:port] (lower case, Punycode, no path)');

  const revocation: ServerConfig['revocation'] = values['no-revocation'] || env.REVOCATION === 'off'
    ? false
    : env.OCSP_URL && env.OCSP_RESPONDER_CERT_FILE
      ? { mode: 'designated', url: env.OCSP_URL, responderCertificateFile: env.OCSP_RESPONDER_CERT_FILE }
      : { mode: 'aia' };

  const hashKey = env.HASH_KEY ? decodeKey(env.HASH_KEY) : undefined;
  if (!hashKey && !dev) throw new ConfigError('HASH_KEY is required outside development (64 hex characters or ≥ 32 bytes in Base64)');

  const senders: SenderConfig = {
    ...(env.SMTP_URL ? { smtp: { url: env.SMTP_URL, from: env.MAIL_FROM ?? 'MyVivium <no-reply@vivium.be>' } } : {}),
    ...(env.SMS_GATEWAY_URL && env.SMS_GATEWAY_TOKEN ? { sms: { url: env.SMS_GATEWAY_URL, token: env.SMS_GATEWAY_TOKEN, sender: env.SMS_SENDER ?? 'MyVivium' } } : {}),
  };
  if (!dev && command === 'serve' && (!senders.smtp || !senders.sms)) throw new ConfigError('production needs SMTP_URL and SMS_GATEWAY_URL + SMS_GATEWAY_TOKEN to send codes');

  const multiplier = z.coerce.number().positive().safeParse(values['rate-limit-multiplier'] ?? env.RATE_LIMIT_MULTIPLIER ?? 1);
  if (!multiplier.success) throw new ConfigError('--rate-limit-multiplier must be a positive number');

  const sms = parseSmsPolicy(env);

  const itsme = env.ITSME_ISSUER ? parseItsme(env, dev) : undefined;

  const downloadUrl = values['download-url'] ?? env.DOWNLOAD_URL;
  if (downloadUrl !== undefined && !isWebAddress(downloadUrl)) throw new ConfigError('--download-url must be an http(s) address');
  const itsmeLoginUrl = env.ITSME_LOGIN_URL;
  if (itsmeLoginUrl !== undefined && !isWebAddress(itsmeLoginUrl)) throw new ConfigError('ITSME_LOGIN_URL must be an http(s) address');

  return {
    command,
    seed: command === 'seed' || (values.seed ?? false),
    port: port.data,
    host,
    trustProxy,
    database,
    trustedCaFiles,
    origin,
    dev,
    revocation,
    ...(hashKey ? { hashKey } : {}),
    ...((values['portal-url'] ?? env.PORTAL_URL) ? { portalUrl: values['portal-url'] ?? env.PORTAL_URL } : {}),
    ...(downloadUrl ? { downloadUrl } : {}),
    ...(itsmeLoginUrl ? { itsmeLoginUrl } : {}),
    ...((values.outbox ?? env.OUTBOX_PATH) ? { outboxPath: values.outbox ?? env.OUTBOX_PATH } : {}),
    senders,
    rateLimitMultiplier: multiplier.data,
    sms,
    logLevel: values['log-level'] ?? env.LOG_LEVEL ?? 'info',
    ...(itsme ? { itsme } : {}),
  };
}

/** SMS_ALLOWED_COUNTRIES (`+32,+31`), SMS_PER_CUSTOMER_PER_DAY, SMS_DAILY_BUDGET. */
function parseSmsPolicy(env: NodeJS.ProcessEnv): SmsPolicy {
  const countries = env.SMS_ALLOWED_COUNTRIES === undefined
    ? DEFAULT_SMS_POLICY.allowedCountries
    : env.SMS_ALLOWED_COUNTRIES.split(',').map((c) => c.trim().replace(/^\+/, '')).filter(Boolean);
  const unknown = countries.filter((c) => !KNOWN_SMS_COUNTRIES.includes(c));
  if (countries.length === 0 || unknown.length > 0) {
    throw new ConfigError(`SMS_ALLOWED_COUNTRIES must list calling codes whose mobile ranges are known (${KNOWN_SMS_COUNTRIES.map((c) => `+${c}`).join(', ')})${unknown.length ? `; unknown: ${unknown.map((c) => `+${c}`).join(', ')}` : ''}`);
  }
  const count = (name: string, fallback: number) => {
    const parsed = z.coerce.number().int().min(0).safeParse(env[name] ?? fallback);
    if (!parsed.success) throw new ConfigError(`${name} must be a whole number ≥ 0`);
    return parsed.data;
  };
  return { allowedCountries: countries, perCustomerPerDay: count('SMS_PER_CUSTOMER_PER_DAY', DEFAULT_SMS_POLICY.perCustomerPerDay), dailyBudget: count('SMS_DAILY_BUDGET', DEFAULT_SMS_POLICY.dailyBudget) };
}

function parseTrustProxy(text: string): TrustProxy {
  if (/^\d{1,2}$/.test(text) && Number(text) <= MAX_PROXY_HOPS) return { hops: Number(text) };
  const addresses = text.split(',').map((entry) => entry.trim());
  const isProxyAddress = (entry: string) => {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 4 ? 32 : 128;
    return family !== 0 && rest.length === 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits));
  };
  if (addresses.every(isProxyAddress)) return { addresses };
  throw new ConfigError(`--trust-proxy (TRUST_PROXY) is the number of proxies in front of the server (0–${MAX_PROXY_HOPS}) or their addresses (IP or CIDR, comma-separated); "true" is refused: trusting every hop lets any client choose its address`);
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function decodeKey(text: string): Uint8Array {
  const key = /^[0-9a-fA-F]{64,}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length < 32) throw new ConfigError('HASH_KEY must hold at least 32 bytes');
  return key;
}

const ITSME_DEFAULTS = {
  scopes: 'eid',
  nationalNumberClaim: 'http://itsme.services/v2/claim/BENationalNumber',
  acrValues: 'http://itsme.services/V2/claim/acr_basic',
} as const;

function parseItsme(env: NodeJS.ProcessEnv, dev: boolean): ItsmeConfig {
  const required = ['ITSME_CLIENT_ID', 'ITSME_SERVICE_CODE', 'ITSME_SIGNING_KEY_FILES', 'ITSME_ENCRYPTION_KEY_FILES'].filter((name) => !env[name]?.trim());
  if (required.length > 0) throw new ConfigError(`itsme needs ${required.join(', ')} besides ITSME_ISSUER`);
  const https = (value: string) => value.startsWith('https://');
  if (!dev && !https(env.ITSME_ISSUER!)) throw new ConfigError('ITSME_ISSUER must be https outside development');
  // itsme registers https redirect URIs only (no custom scheme, no localhost).
  if (env.ITSME_REDIRECT_URI && !dev && !https(env.ITSME_REDIRECT_URI)) throw new ConfigError('ITSME_REDIRECT_URI must be https outside development');
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(env.ITSME_SERVICE_CODE!)) throw new ConfigError('ITSME_SERVICE_CODE must be the service code itsme gave you (letters, digits, _ . -)');
  const list = (value: string, separator: RegExp) => value.split(separator).map((item) => item.trim()).filter(Boolean);
  return {
    issuer: env.ITSME_ISSUER!,
    clientId: env.ITSME_CLIENT_ID!,
    serviceCode: env.ITSME_SERVICE_CODE!,
    signingKeyFiles: list(env.ITSME_SIGNING_KEY_FILES!, /,/),
    encryptionKeyFiles: list(env.ITSME_ENCRYPTION_KEY_FILES!, /,/),
    ...(env.ITSME_REDIRECT_URI ? { redirectUri: env.ITSME_REDIRECT_URI } : {}),
    extraScopes: list(env.ITSME_SCOPES ?? ITSME_DEFAULTS.scopes, /\s+/).filter((scope) => scope !== 'openid' && !scope.startsWith('service:')),
    nationalNumberClaim: env.ITSME_NATIONAL_NUMBER_CLAIM ?? ITSME_DEFAULTS.nationalNumberClaim,
    acrValues: list(env.ITSME_ACR_VALUES ?? ITSME_DEFAULTS.acrValues, /\s+/),
  };
}

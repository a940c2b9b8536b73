// Turns the configuration into the running parts: the store, the hash key, the code sender, the validator.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createTokenValidator } from '../src/auth/index.ts';
import type { Clock } from './clock.ts';
import { channelSender, type CodeSender } from './code-sender.ts';
import { ConfigError, type ServerConfig } from './config.ts';
import { createKeyedHash, type KeyedHash } from './keyed-hash.ts';
import { createOutboxSender } from './outbox-sender.ts';
import { PostgresStore } from './postgres-store.ts';
import { createSmsGatewaySender } from './sms-gateway-sender.ts';
import { createSmtpSender } from './smtp-sender.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';
import type { TokenValidator } from './token-validator.ts';
import { loadItsmeKeys, KeyFileError } from './itsme/keys.ts';
import { createRelyingParty, ItsmeSetupError, ItsmeUnreachableError } from './itsme/relying-party.ts';
import type { ItsmeWiring } from './itsme/routes.ts';

export function openStore(config: ServerConfig): Store {
  if (config.database.kind === 'sqlite') return new SqliteStore(config.database.path);
  // A connection the server cut while idle (restart, failover): the pool replaces it on the next request.
  return new PostgresStore(config.database.url, (error) => console.error(JSON.stringify({ level: 40, event: 'database-connection-lost', message: error.message })));
}

/** Where development keeps its generated files (hash key, outbox): next to the SQLite file, or ./.data (git-ignored). */
function devDirectory(config: ServerConfig): string {
  return config.database.kind === 'sqlite' ? dirname(resolve(config.database.path)) : resolve('.data');
}

/**
 * The HASH_KEY. Development generates one on first start and keeps it beside the database, so that
 * hashes stay valid across restarts; production must be given one (config refuses to start without).
 */
export function loadHashKey(config: ServerConfig): KeyedHash {
  if (config.hashKey) return createKeyedHash(config.hashKey);
  if (!config.dev) throw new ConfigError('HASH_KEY is required outside development');
  const file = join(devDirectory(config), 'hash-key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return createKeyedHash(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
}

export function outboxPathOf(config: ServerConfig): string {
  return config.outboxPath ?? join(devDirectory(config), 'outbox.jsonl');
}

export function createSender(config: ServerConfig, clock: Clock): CodeSender {
  if (config.dev) return createOutboxSender(outboxPathOf(config), () => clock.now());
  const { smtp, sms } = config.senders;
  if (!smtp || !sms) throw new ConfigError('production needs an SMTP relay and an SMS gateway');
  return channelSender({ email: createSmtpSender(smtp), phone: createSmsGatewaySender(sms) });
}

export async function createValidator(config: ServerConfig, clock: Clock): Promise<TokenValidator> {
  const trustedCertificates = await Promise.all(config.trustedCaFiles.map((file) => readConfigFile(file, 'trusted CA')));
  const revocation =
    config.revocation === false || config.revocation.mode === 'aia'
      ? config.revocation
      : { mode: 'designated' as const, url: config.revocation.url, responderCertificate: await readConfigFile(config.revocation.responderCertificateFile, 'OCSP responder certificate') };
  return createTokenValidator({ trustedCertificates, revocation, clock: () => new Date(clock.now()) });
}

async function readConfigFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the ${what} file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * The itsme relying party with our keys. The provider is discovered now: one that does not offer what
 * itsme's flow needs stops the start (ConfigError); one that cannot be reached is tried again at each login.
 */
export async function createItsme(config: ServerConfig, portalUrl: () => string, warn: (line: string) => void): Promise<ItsmeWiring | undefined> {
  if (!config.itsme) return undefined;
  const { itsme } = config;
  let keys;
  try {
    keys = await loadItsmeKeys(itsme.signingKeyFiles, itsme.encryptionKeyFiles);
  } catch (error) {
    if (error instanceof KeyFileError) throw new ConfigError(error.message);
    throw error;
  }
  const rp = createRelyingParty({
    issuer: itsme.issuer,
    clientId: itsme.clientId,
    keys,
    serviceCode: itsme.serviceCode,
    extraScopes: itsme.extraScopes,
    nationalNumberClaim: itsme.nationalNumberClaim,
    acrValues: itsme.acrValues,
    allowHttp: config.dev && itsme.issuer.startsWith('http://'),
  });
  try {
    await rp.connect();
  } catch (error) {
    if (error instanceof ItsmeSetupError) throw new ConfigError(error.message);
    if (!(error instanceof ItsmeUnreachableError)) throw error;
    warn(`${error.message}; itsme logins answer ITSME_UNAVAILABLE until it can be reached`);
  }
  return { rp, jwks: keys.publicJwks, redirectUri: () => itsme.redirectUri ?? new URL('/api/auth/itsme/callback', portalUrl()).toString() };
}

// Our own keys for itsme: RS256 keys that sign request objects and client assertions, and RSA-OAEP-256
// keys that itsme encrypts ID tokens and userinfo to. Each is a private JWK in its own file. A list of
// files per use makes a rotation possible: the first key is the current one (it signs, and is the
// encryption key we announce first); every key is published and every encryption key decrypts, so
// answers encrypted to the previous key still open while itsme picks up the new key set.
import { readFile } from 'node:fs/promises';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';

export const SIGNING_ALG = 'RS256';
export const ENCRYPTION_ALG = 'RSA-OAEP-256';

export interface SigningKey {
  readonly kid: string;
  readonly key: CryptoKey;
}

export interface DecryptionKey {
  readonly kid: string;
  readonly alg: typeof ENCRYPTION_ALG;
  readonly key: CryptoKey;
}

export interface ItsmeKeys {
  /** The current signing key (request objects, client assertions). */
  readonly signing: SigningKey;
  /** Every encryption key, current first. */
  readonly decryption: readonly DecryptionKey[];
  /** What /.well-known/jwks.json serves: the public halves, each with kid, use and alg. */
  readonly publicJwks: { readonly keys: readonly JWK[] };
}

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

const privateRsaJwk = z.looseObject({
  kty: z.literal('RSA'),
  kid: z.string().min(1).max(200),
  n: z.string().min(342), // at least 2048 bits
  e: z.string(),
  d: z.string(),
  p: z.string(),
  q: z.string(),
  dp: z.string(),
  dq: z.string(),
  qi: z.string(),
  alg: z.string().optional(),
  use: z.string().optional(),
});

/** Loads the key files named in configuration; refuses anything but RSA private keys of the expected use. */
export async function loadItsmeKeys(signingFiles: readonly string[], encryptionFiles: readonly string[]): Promise<ItsmeKeys> {
  if (signingFiles.length === 0 || encryptionFiles.length === 0) throw new KeyFileError('itsme needs at least one signing and one encryption key file');
  const signing = await Promise.all(signingFiles.map((file) => readKey(file, 'sig', SIGNING_ALG)));
  const encryption = await Promise.all(encryptionFiles.map((file) => readKey(file, 'enc', ENCRYPTION_ALG)));
  const kids = [...signing, ...encryption].map((k) => k.jwk.kid);
  const duplicate = kids.find((kid, index) => kids.indexOf(kid) !== index);
  if (duplicate) throw new KeyFileError(`two itsme keys share the kid "${duplicate}": every key needs its own`);
  return {
    signing: { kid: signing[0]!.jwk.kid, key: signing[0]!.key },
    decryption: encryption.map(({ jwk, key }) => ({ kid: jwk.kid, alg: ENCRYPTION_ALG, key })),
    publicJwks: { keys: [...signing, ...encryption].map(({ jwk }) => publicHalf(jwk)) },
  };
}

type LoadedJwk = z.infer<typeof privateRsaJwk> & { use: 'sig' | 'enc'; alg: string };

async function readKey(file: string, use: 'sig' | 'enc', alg: string): Promise<{ jwk: LoadedJwk; key: CryptoKey }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new KeyFileError(`cannot read the itsme key file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyFileError(`the itsme key file ${file} is not JSON (a private JWK is expected)`);
  }
  const parsed = privateRsaJwk.safeParse(json);
  if (!parsed.success) throw new KeyFileError(`the itsme key file ${file} must hold a private RSA JWK of at least 2048 bits with a kid`);
  if (parsed.data.use !== undefined && parsed.data.use !== use) throw new KeyFileError(`the itsme key file ${file} is for "${parsed.data.use}", expected "${use}"`);
  if (parsed.data.alg !== undefined && parsed.data.alg !== alg) throw new KeyFileError(`the itsme key file ${file} is for ${parsed.data.alg}, expected ${alg}`);
  const jwk: LoadedJwk = { ...parsed.data, use, alg };
  const key = await importJWK(jwk, alg);
  if (key instanceof Uint8Array) throw new KeyFileError(`the itsme key file ${file} is not an asymmetric key`);
  return { jwk, key };
}

function publicHalf(jwk: LoadedJwk): JWK {
  return { kty: jwk.kty, kid: jwk.kid, use: jwk.use, alg: jwk.alg, n: jwk.n, e: jwk.e };
}

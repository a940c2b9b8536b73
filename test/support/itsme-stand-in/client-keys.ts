// Our side's itsme keys for tests and the demo: an RS256 signing key and an RSA-OAEP-256 encryption
// key, each a private JWK in its own file (what ITSME_SIGNING_KEY_FILES / ITSME_ENCRYPTION_KEY_FILES name).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface ClientKeyFile {
  readonly file: string;
  readonly kid: string;
  /** The private JWK, for tests that play the provider. */
  readonly jwk: JWK;
}

export async function writeClientKey(dir: string, kid: string, use: 'sig' | 'enc'): Promise<ClientKeyFile> {
  const alg = use === 'sig' ? 'RS256' : 'RSA-OAEP-256';
  const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const jwk = { ...(await exportJWK(privateKey)), kid, use, alg };
  const file = join(dir, `${kid}.jwk`);
  writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  return { file, kid, jwk };
}

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactEncrypt, compactDecrypt, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyFileError, loadItsmeKeys } from './keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'itsme-keys-'));

async function keyFile(name: string, extra: Record<string, unknown> = {}, modulusLength = 2048): Promise<string> {
  // node:crypto, because jose will not make a key under 2048 bits (one test needs one).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength });
  const file = join(dir, `${name}.jwk`);
  writeFileSync(file, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: name, ...extra }));
  return file;
}

const files: Record<string, string> = {};
beforeAll(async () => {
  files.sigOld = await keyFile('sig-old', { use: 'sig', alg: 'RS256' });
  files.sigNew = await keyFile('sig-new');
  files.encOld = await keyFile('enc-old', { use: 'enc' });
  files.encNew = await keyFile('enc-new', { alg: 'RSA-OAEP-256' });
  files.small = await keyFile('small', {}, 1024);
  files.notJson = join(dir, 'not.json');
  writeFileSync(files.notJson, '-----BEGIN PRIVATE KEY-----');
  files.publicOnly = join(dir, 'public.jwk');
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(files.publicOnly, JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid: 'public' }));
}, 30_000);

describe('loadItsmeKeys', () => {
  it('in a rotation publishes every key, signs with the first and decrypts with all', async () => {
    const keys = await loadItsmeKeys([files.sigNew!, files.sigOld!], [files.encNew!, files.encOld!]);
    expect(keys.signing.kid).toBe('sig-new');
    expect(keys.publicJwks.keys.map((k) => [k.kid, k.use, k.alg])).toEqual([
      ['sig-new', 'sig', 'RS256'], ['sig-old', 'sig', 'RS256'], ['enc-new', 'enc', 'RSA-OAEP-256'], ['enc-old', 'enc', 'RSA-OAEP-256'],
    ]);
    for (const key of keys.publicJwks.keys) expect(key).not.toHaveProperty('d');
    for (const published of keys.publicJwks.keys.filter((k) => k.use === 'enc')) {
      const jwe = await new CompactEncrypt(new TextEncoder().encode(`for ${published.kid}`)).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256' }).encrypt(await importJWK(published, 'RSA-OAEP-256'));
      const decryption = keys.decryption.find((k) => k.kid === published.kid)!;
      expect(new TextDecoder().decode((await compactDecrypt(jwe, decryption.key)).plaintext)).toBe(`for ${published.kid}`);
    }
  });

  it.each([
    ['a missing file', () => [[join(dir, 'nope.jwk')], [files.encNew!]], /cannot read the itsme key file .*nope\.jwk: ENOENT/],
    ['a file that is not JSON', () => [[files.notJson!], [files.encNew!]], /is not JSON/],
    ['a public key', () => [[files.publicOnly!], [files.encNew!]], /private RSA JWK/],
    ['a key under 2048 bits', () => [[files.small!], [files.encNew!]], /at least 2048 bits/],
    ['an encryption key used to sign', () => [[files.encOld!], [files.encNew!]], /is for "enc", expected "sig"/],
    ['a signing key used to decrypt', () => [[files.sigNew!], [files.sigOld!]], /is for "sig", expected "enc"/],
    ['the same key twice', () => [[files.sigNew!], [files.encNew!, files.encNew!]], /share the kid "enc-new"/],
    ['no encryption key', () => [[files.sigNew!], []], /at least one signing and one encryption key/],
  ] as Array<[string, () => string[][], RegExp]>)('refuses %s', async (_name, lists, message) => {
    const [signing = [], encryption = []] = lists();
    await expect(loadItsmeKeys(signing, encryption)).rejects.toThrow(KeyFileError);
    await expect(loadItsmeKeys(signing, encryption)).rejects.toThrow(message);
  });
});

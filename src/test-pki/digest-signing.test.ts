import { createHash, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFor } from './keys.ts';
import { digestSigner } from './software-token.ts';

const message = Buffer.from('H(H(origin) ‖ H(nonce))');

describe('signing a digest as the card does', () => {
  for (const [algorithm, hash, tokenAlgorithm] of [['ec-p256', 'sha256', 'ES256'], ['ec-p384', 'sha384', 'ES384'], ['ec-p521', 'sha512', 'ES512'], ['rsa-2048', 'sha256', 'RS256']] as const) {
    it(`${algorithm}: node:crypto verifies the signature over the message the digest was made from`, async () => {
      const key = await keyFor(algorithm, undefined, 'signer');
      const signature = await digestSigner(key.privateKey)(createHash(hash).update(message).digest(), tokenAlgorithm);
      expect(verify(hash, message, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
      expect(verify(hash, Buffer.from('another message'), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(false);
    });
  }

  it('makes the same EC keys from the same seed, and other keys from another seed or role', async () => {
    const spki = async (seed: string, role: string) =>
      (await keyFor('ec-p521', seed, role)).publicKey.export({ type: 'spki', format: 'der' }).toString('hex');
    expect(await spki('seed', 'card:authentication')).toBe(await spki('seed', 'card:authentication'));
    expect(await spki('seed', 'card:authentication')).not.toBe(await spki('seed', 'card:signature'));
    expect(await spki('seed', 'card:authentication')).not.toBe(await spki('other seed', 'card:authentication'));
  });
});

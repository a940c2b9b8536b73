import { describe, expect, it } from 'vitest';
import { isAppError } from '../contract/errors.ts';
import { validateLoginInputs } from './login-inputs.ts';

const nonce = 'iMeEwP2cgUINY2XoO/lqEpOUn7z/ysHRqGXkGKC4VXE=';

function refusal(origin: string, n = nonce): unknown {
  try {
    validateLoginInputs(origin, n);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('validateLoginInputs', () => {
  it('accepts canonical https origins, Punycode and ports included', () => {
    for (const origin of ['https://myvivium.be', 'https://login.myvivium.be:8443', 'https://xn--pike-loa.ee', 'https://127.0.0.1:3000', 'https://[::1]:8443']) {
      expect(refusal(origin)).toBeUndefined();
    }
  });

  it('refuses anything that is not https://host[:port] with INVALID_ARGUMENT', () => {
    const bad = [
      'http://myvivium.be', 'https://myvivium.be/', 'https://myvivium.be/login', 'https://myvivium.be?x=1',
      'https://myvivium.be#top', 'https://user@myvivium.be', 'https://user:pw@myvivium.be', 'https://MyVivium.be',
      'https://myvivium.be:443', 'https://püke.ee', 'wss://myvivium.be', 'https://', 'myvivium.be', ' https://myvivium.be',
      'https://myvivium.be:99999', `https://${'a'.repeat(260)}.be`,
    ];
    for (const origin of bad) expect(isAppError(refusal(origin), 'INVALID_ARGUMENT'), origin).toBe(true);
  });

  it('takes nonces of 44 to 128 printable characters only', () => {
    expect(refusal('https://myvivium.be', 'a'.repeat(44))).toBeUndefined();
    expect(refusal('https://myvivium.be', 'a'.repeat(128))).toBeUndefined();
    for (const n of ['a'.repeat(43), 'a'.repeat(129), `${'a'.repeat(43)} `, `${'a'.repeat(44)}\n`, `${'a'.repeat(43)}é`]) {
      expect(isAppError(refusal('https://myvivium.be', n), 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});

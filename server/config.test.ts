import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

const PROD_ENV = {
  HASH_KEY: 'ab'.repeat(32),
  SMTP_URL: 'smtp://relay.example:587',
  SMS_GATEWAY_URL: 'https://sms.example/send',
  SMS_GATEWAY_TOKEN: 't',
  TRUSTED_CA_FILES: 'a.pem,b.pem',
  MYVIVIUM_ORIGIN: 'https://myvivium.vivium.be',
};

describe('parseConfig', () => {
  it('reads production settings from the environment, revocation on through AIA', () => {
    const config = parseConfig([], PROD_ENV);
    expect(config).toMatchObject({ command: 'serve', port: 8080, host: '127.0.0.1', dev: false, origin: 'https://myvivium.vivium.be', revocation: { mode: 'aia' } });
    expect(config.trustedCaFiles).toEqual(['a.pem', 'b.pem']);
    expect(config.database).toEqual({ kind: 'sqlite', path: '.data/myvivium.sqlite' });
    expect(config.hashKey).toHaveLength(32);
  });

  it('lets flags win and picks PostgreSQL from DATABASE_URL', () => {
    const config = parseConfig(['--port', '0', '--trust', 'x.pem', '--origin', 'https://a.test:8443', '--no-revocation'], { ...PROD_ENV, DATABASE_URL: 'postgres://u@h/db' });
    expect(config).toMatchObject({ port: 0, trustedCaFiles: ['x.pem'], origin: 'https://a.test:8443', revocation: false, database: { kind: 'postgres', url: 'postgres://u@h/db' } });
  });

  it('uses a designated OCSP responder when configured', () => {
    expect(parseConfig([], { ...PROD_ENV, OCSP_URL: 'http://ocsp.test', OCSP_RESPONDER_CERT_FILE: 'r.pem' }).revocation).toEqual({ mode: 'designated', url: 'http://ocsp.test', responderCertificateFile: 'r.pem' });
  });

  it.each([
    ['no HASH_KEY in production', [], { ...PROD_ENV, HASH_KEY: undefined }],
    ['a short HASH_KEY', [], { ...PROD_ENV, HASH_KEY: 'abcd' }],
    ['no senders in production', [], { ...PROD_ENV, SMTP_URL: undefined }],
    ['no trusted CA', [], { ...PROD_ENV, TRUSTED_CA_FILES: undefined }],
    ['an origin with a path', ['--origin', 'https://a.test/login'], PROD_ENV],
    ['an http origin', ['--origin', 'http://a.test'], PROD_ENV],
    ['an unknown flag', ['--nope'], PROD_ENV],
    ['a bad port', ['--port', '70000'], PROD_ENV],
  ] as const)('refuses %s', (_name, argv, env) => {
    expect(() => parseConfig(argv, env)).toThrow(_name === 'an unknown flag' ? Error : ConfigError);
  });

  it('runs in development without key or senders, and seeds without CAs', () => {
    expect(parseConfig(['--dev', '--trust', 'x.pem'], {})).toMatchObject({ dev: true, origin: 'https://myvivium.localhost' });
    expect(parseConfig(['seed', '--dev'], {})).toMatchObject({ command: 'seed', seed: true });
  });

  describe('itsme', () => {
    const ITSME = {
      ITSME_ISSUER: 'https://idp.prd.itsme.services/v2',
      ITSME_CLIENT_ID: 'vivium-client',
      ITSME_SERVICE_CODE: 'VIVIUM_LOGIN',
      ITSME_SIGNING_KEY_FILES: 'keys/sig-2026.jwk, keys/sig-2025.jwk',
      ITSME_ENCRYPTION_KEY_FILES: 'keys/enc-2026.jwk',
      ITSME_REDIRECT_URI: 'https://myvivium.vivium.be/api/auth/itsme/callback',
    };

    it('reads the settings, with itsme’s defaults for scopes, the national number claim and acr', () => {
      expect(parseConfig([], { ...PROD_ENV, ...ITSME }).itsme).toEqual({
        issuer: 'https://idp.prd.itsme.services/v2',
        clientId: 'vivium-client',
        serviceCode: 'VIVIUM_LOGIN',
        signingKeyFiles: ['keys/sig-2026.jwk', 'keys/sig-2025.jwk'],
        encryptionKeyFiles: ['keys/enc-2026.jwk'],
        redirectUri: 'https://myvivium.vivium.be/api/auth/itsme/callback',
        extraScopes: ['eid'],
        nationalNumberClaim: 'http://itsme.services/v2/claim/BENationalNumber',
        acrValues: ['http://itsme.services/V2/claim/acr_basic'],
      });
      expect(parseConfig([], PROD_ENV).itsme).toBeUndefined();
    });

    it('takes other scopes, claim and acr values; openid and service: are ours to add', () => {
      const itsme = parseConfig([], { ...PROD_ENV, ...ITSME, ITSME_SCOPES: 'openid eid profile service:OTHER', ITSME_NATIONAL_NUMBER_CLAIM: 'nn', ITSME_ACR_VALUES: '' }).itsme;
      expect(itsme).toMatchObject({ extraScopes: ['eid', 'profile'], nationalNumberClaim: 'nn', acrValues: [] });
    });

    it.each([
      ['no service code', { ITSME_SERVICE_CODE: undefined }, /ITSME_SERVICE_CODE/],
      ['no key files', { ITSME_SIGNING_KEY_FILES: '', ITSME_ENCRYPTION_KEY_FILES: undefined }, /ITSME_SIGNING_KEY_FILES, ITSME_ENCRYPTION_KEY_FILES/],
      ['an http issuer', { ITSME_ISSUER: 'http://idp.example' }, /ITSME_ISSUER must be https/],
      ['an http redirect URI', { ITSME_REDIRECT_URI: 'http://localhost/cb' }, /ITSME_REDIRECT_URI must be https/],
      ['a service code with spaces', { ITSME_SERVICE_CODE: 'a b' }, /ITSME_SERVICE_CODE/],
    ] as const)('refuses %s outside development', (_name, change, message) => {
      expect(() => parseConfig([], { ...PROD_ENV, ...ITSME, ...change })).toThrow(message);
    });
  });
});

// Revocation through the backend: the server on (default) OCSP checks, against a real OCSP responder
// on 127.0.0.1 named in the certificates' AIA, and with a designated responder from the environment.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../src/test-pki/test-pki.ts';
import { startOcspResponder, type OcspResponder } from '../support/ocsp-responder.ts';
import { ApiClient, startServer, type ServerHandle } from '../support/server.ts';
import { createSoftwareEid, type SoftwareEid } from '../support/software-eid.ts';

const ORIGIN = 'https://myvivium.test';

let responder: OcspResponder;
let aiaServer: ServerHandle;
let designatedServer: ServerHandle;
let eid: SoftwareEid;
let serial: string;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  const pki = await createTestPki({ baseUrl: `http://127.0.0.1:${port}` });
  responder = await startOcspResponder({ signer: { der: pki.citizenCa.der, privateKey: pki.citizenCa.key.privateKey }, includeSigner: false, port });
  const dir = mkdtempSync(join(tmpdir(), 'myvivium-ocsp-'));
  const trust = join(dir, 'citizen-ca.pem');
  writeFileSync(trust, pki.trustPem.citizenCa);
  eid = await createSoftwareEid(pki, { keyType: 'p384' });
  serial = new X509Certificate(eid.certificateDer).serialNumber;
  [aiaServer, designatedServer] = await Promise.all([
    startServer({ trust: [trust], origin: ORIGIN, dev: true, revocation: true }),
    startServer({ trust: [trust], origin: ORIGIN, dev: true, revocation: true, env: { OCSP_URL: responder.url, OCSP_RESPONDER_CERT_FILE: trust } }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([aiaServer?.stop(), designatedServer?.stop()]);
  await responder?.close();
});

async function login(server: ServerHandle, options: { breakSignature?: boolean } = {}) {
  const client = new ApiClient(server.url);
  const challenge = await client.post<{ nonce: string }>('/api/auth/eid/challenge');
  const token = await eid.token(ORIGIN, challenge.body.nonce);
  const sent = options.breakSignature ? { ...token, signature: Buffer.alloc(96, 1).toString('base64') } : token;
  return client.post<{ account?: unknown; error?: { code: string } }>('/api/auth/eid/login', { token: sent });
}

describe('revocation through the backend', () => {
  it('accepts a good certificate, refuses a revoked one (AIA responder)', async () => {
    responder.setBehaviour(serial, 'good');
    expect((await login(aiaServer)).status).toBe(200);
    responder.setBehaviour(serial, 'revoked');
    const revoked = await login(aiaServer);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error?.code).toBe('CERT_REVOKED');
  });

  it('answers 503 OCSP_UNAVAILABLE when the responder fails, 502 OCSP_INVALID on a forged answer', async () => {
    responder.setBehaviour(serial, 'http-error');
    const unavailable = await login(aiaServer);
    expect([unavailable.status, unavailable.body.error?.code]).toEqual([503, 'OCSP_UNAVAILABLE']);
    responder.setBehaviour(serial, 'bad-signature');
    const invalid = await login(aiaServer);
    expect([invalid.status, invalid.body.error?.code]).toEqual([502, 'OCSP_INVALID']);
  });

  it('checks the token signature before asking the responder', async () => {
    responder.setBehaviour(serial, 'good');
    const before = responder.requestCount;
    expect((await login(aiaServer, { breakSignature: true })).body.error?.code).toBe('SIGNATURE_INVALID');
    expect(responder.requestCount).toBe(before);
  });

  it('uses a designated responder from OCSP_URL and OCSP_RESPONDER_CERT_FILE', async () => {
    responder.setBehaviour(serial, 'good');
    const before = responder.requestCount;
    expect((await login(designatedServer)).status).toBe(200);
    expect(responder.requestCount).toBe(before + 1);
    responder.setBehaviour(serial, 'revoked');
    expect((await login(designatedServer)).body.error?.code).toBe('CERT_REVOKED');
  });
});

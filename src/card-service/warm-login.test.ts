// The warm login: the second login on the same card skips the certificate (cached by chip number)
// and the repeated identifications (the card is kept open between the calls of one login, and a 1.7
// card identified before in the same insertion is not asked again), and the cached certificate is
// dropped when the card's signature does not verify with it (forgetCertificate, asked by the companion).
import { createHash, verify, X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PcscPort } from '../pcsc/port.ts';
import { tapPort } from '../pcsc/testing/tap-port.ts';
import { toHex } from '../card/hex.ts';
import { createTestPki, createVirtualCard, InProcessPcscPort, type TestPki, type VirtualCard } from '../virtual-card/index.ts';
import { AuthCertificateCache } from './auth-certificate-cache.ts';
import { CardIdentities } from './card-identities.ts';
import { CardService } from './card-service.ts';

const READER = 'Test Reader 0';
const quiet = { readers: () => undefined, pinPad: () => undefined, diagnosisProgress: () => undefined };
const engines: CardService[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

function setup(card: VirtualCard, certificates = new AuthCertificateCache(), countCardEvents = true) {
  const port = new InProcessPcscPort({ readers: [{ name: READER, card }], countCardEvents });
  const logged = logCommands(port);
  const engine = new CardService(logged.port, quiet, { certificates });
  engines.push(engine);
  return { port, engine, certificates, sent: logged.sent };
}

/** The port, with every command's header (CLA INS, hex) noted: GET CARD DATA is 80E4. */
function logCommands(port: PcscPort): { port: PcscPort; sent: string[] } {
  const sent: string[] = [];
  return { port: tapPort(port, { transmit: (command) => void sent.push(toHex(command.subarray(0, 2))) }), sent };
}

const GET_CARD_DATA = '80E4';
const identifications = (sent: string[]) => sent.filter((header) => header === GET_CARD_DATA).length;
/** Lets the reader monitor take in what the port did (the in-process port answers without timers). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** What the companion asks of the card process for one eID login (login.prepare, login.complete). */
async function login(engine: CardService, hash: 'SHA-256' | 'SHA-384' = 'SHA-384') {
  await engine.summary({ reader: READER });
  const certificate = await engine.authCertificate({ reader: READER });
  const data = Buffer.from(`challenge ${Math.random()}`);
  const digest = createHash(nodeHash(hash)).update(data).digest();
  const signature = await engine.authenticate({ reader: READER, pin: { kind: 'digits', pin: Buffer.from('1234') }, digest, hash });
  return { certificate, data, signature, hash };
}

const nodeHash = (hash: string) => hash.replace('-', '').toLowerCase();

/** Does the login's signature verify with the certificate it was given (as create-token checks it)? */
function verifies({ certificate, data, signature, hash }: Awaited<ReturnType<typeof login>>, key = certificate): boolean {
  return verify(nodeHash(hash), data, { key: new X509Certificate(key).publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}

async function counted<T>(card: VirtualCard, work: () => Promise<T>): Promise<{ apdus: number; result: T }> {
  const before = card.apduCount;
  const result = await work();
  return { apdus: card.apduCount - before, result };
}

let sharedPki: TestPki | undefined;
const pki = async () => (sharedPki ??= await createTestPki({ seed: 'warm-login' }));

describe('warm eID login', () => {
  it.each(['1.8', '1.7'] as const)('%s: a repeated login skips the certificate and re-identification; the signature verifies', async (profile) => {
    const card = await createVirtualCard({ profile, pki: await pki() });
    const { engine } = setup(card);
    const hash = profile === '1.8' ? 'SHA-384' : 'SHA-256';
    const cold = await counted(card, () => login(engine, hash));
    const warm = await counted(card, () => login(engine, hash));
    expect(warm.result.certificate).toEqual(cold.result.certificate);
    expect(verifies(warm.result)).toBe(true);
    expect(warm.apdus).toBeLessThan(cold.apdus);
    // 1.8: GET CARD DATA (chip + tries), MSE SET, VERIFY, PSO, GET RESPONSE. 1.7: the card identified
    // in this insertion is not asked again, but an empty VERIFY reads the tries left (always shown
    // before a PIN; its GET CARD DATA does not tell them), then MSE SET, VERIFY, PSO, GET RESPONSE.
    expect(warm.apdus).toBe(5);
    // The verified PIN does not outlive the login: the card was reset.
    const status = await engine.pinStatus({ reader: READER });
    expect(status.blocked).toBe(false);
  });

  it.each(['1.8', '1.7'] as const)('%s: another card (same ATR) in the same reader is identified and read cold, and its own certificate is used', async (profile) => {
    const hash = profile === '1.8' ? 'SHA-384' : 'SHA-256';
    const first = await createVirtualCard({ profile, pki: await pki(), seed: 'first' });
    const second = await createVirtualCard({ profile, pki: await pki(), seed: 'second' });
    const { engine, port, certificates, sent } = setup(first);
    const cold = await counted(first, () => login(engine, hash));
    await login(engine, hash);
    // No pause: the swap is caught by the card event counter even before the monitor reports it.
    port.insert(READER, second);
    sent.length = 0;
    const swapped = await counted(second, () => login(engine, hash));
    expect(identifications(sent)).toBe(1);
    expect(swapped.apdus).toBe(cold.apdus);
    expect(swapped.result.certificate).not.toEqual(cold.result.certificate);
    expect(verifies(swapped.result)).toBe(true);
    expect(certificates.chipNumbers()).toHaveLength(2);
  });

  it('1.7: after the card is taken out and put back, the next summary identifies it afresh', async () => {
    const card = await createVirtualCard({ profile: '1.7', pki: await pki(), seed: 'back-again' });
    const { engine, port, sent } = setup(card);
    await login(engine, 'SHA-256');
    sent.length = 0;
    await login(engine, 'SHA-256');
    expect(identifications(sent)).toBe(0);
    port.remove(READER);
    port.insert(READER, card);
    sent.length = 0;
    const again = await counted(card, () => login(engine, 'SHA-256'));
    expect(identifications(sent)).toBe(1);
    expect(again.apdus).toBe(6);
  });

  it('1.7 where the service does not count card events: the monitor\'s removal makes the next summary identify afresh', async () => {
    const first = await createVirtualCard({ profile: '1.7', pki: await pki(), seed: 'first' });
    const second = await createVirtualCard({ profile: '1.7', pki: await pki(), seed: 'second' });
    const { engine, port, sent } = setup(first, new AuthCertificateCache(), false);
    await login(engine, 'SHA-256');
    sent.length = 0;
    await login(engine, 'SHA-256');
    expect(identifications(sent)).toBe(0);
    port.remove(READER);
    await settle();
    port.insert(READER, second);
    await settle();
    sent.length = 0;
    const swapped = await login(engine, 'SHA-256');
    expect(identifications(sent)).toBe(1);
    expect(verifies(swapped)).toBe(true);
  });

  it('a moved card event counter with the same ATR forgets the identity, without any monitor event', async () => {
    const first = await createVirtualCard({ profile: '1.7', pki: await pki(), seed: 'first' });
    const second = await createVirtualCard({ profile: '1.7', pki: await pki(), seed: 'second' });
    const port = new InProcessPcscPort({ readers: [{ name: READER, card: first }] });
    const logged = logCommands(port);
    const identities = new CardIdentities(logged.port);
    const open = async () => {
      const card = await identities.open(READER);
      await card.close();
      return card.info();
    };
    const identified = await open();
    expect(await open()).toBe(identified);
    expect(identifications(logged.sent)).toBe(1);
    port.insert(READER, second);
    const now = await open();
    expect(identifications(logged.sent)).toBe(2);
    expect(now.atr).toBe(identified.atr);
    expect(now.chipNumber).not.toBe(identified.chipNumber);
    identities.forget(READER);
    await open();
    expect(identifications(logged.sent)).toBe(3);
  });

  it('a card swapped between prepare and complete: CARD_REMOVED, and the PIN never reaches the other card', async () => {
    const first = await createVirtualCard({ profile: '1.8', pki: await pki(), seed: 'first' });
    const second = await createVirtualCard({ profile: '1.8', pki: await pki(), seed: 'second' });
    const { engine, port } = setup(first);
    await engine.summary({ reader: READER });
    await engine.authCertificate({ reader: READER });
    port.insert(READER, second);
    const digest = createHash('sha384').update('x').digest();
    const before = second.apduCount;
    await expect(engine.authenticate({ reader: READER, pin: { kind: 'digits', pin: Buffer.from('1234') }, digest, hash: 'SHA-384' })).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    expect(second.apduCount).toBe(before);
  });

  it('a forged cache entry: its signature does not verify, forgetCertificate drops it, and the next login reads the card', async () => {
    const card = await createVirtualCard({ profile: '1.8', pki: await pki(), seed: 'owner' });
    const other = await createVirtualCard({ profile: '1.8', pki: await pki(), seed: 'someone-else' });
    const { engine, certificates } = setup(card);
    const genuine = await login(engine);
    const chip = certificates.chipNumbers()[0]!;
    const foreign = setup(other);
    const forged = (await login(foreign.engine)).certificate;
    certificates.put(chip, forged);

    const fooled = await login(engine);
    expect(fooled.certificate).toEqual(forged);
    expect(verifies(fooled)).toBe(false);
    expect(verifies(fooled, genuine.certificate)).toBe(true);
    await engine.forgetCertificate({ reader: READER });
    expect(certificates.get(chip)).toBeUndefined();
    const again = await login(engine);
    expect(again.certificate).toEqual(genuine.certificate);
  });

  it('the cache is bounded and keeps the most recently used chips', () => {
    const cache = new AuthCertificateCache(2);
    cache.put('a', Uint8Array.of(1));
    cache.put('b', Uint8Array.of(2));
    cache.get('a');
    cache.put('c', Uint8Array.of(3));
    expect(cache.chipNumbers()).toEqual(['a', 'c']);
  });
});

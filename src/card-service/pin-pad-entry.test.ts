// A PIN pad login from the card service down to the reader: the PIN_VERIFY_STRUCTURE the reader gets
// carries the same timeout the UI counts down (bTimerOut) and the UI's language (wLangId).
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { tapPort } from '../pcsc/testing/tap-port.ts';
import { PIN_PAD_TIMEOUT_SECONDS } from '../card/pin-entry.ts';
import { createTestPki, createVirtualCard, InProcessPcscPort, type TestPki } from '../virtual-card/index.ts';
import { CardService } from './card-service.ts';

const READER = 'PIN pad reader';
let sharedPki: TestPki | undefined;
const pki = async () => (sharedPki ??= await createTestPki({ seed: 'pin-pad-entry' }));
const services: CardService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

describe('PIN pad entry', () => {
  it.each([
    ['nl', [0x13, 0x08]],
    ['fr', [0x0c, 0x08]],
    ['de', [0x07, 0x04]],
    ['en', [0x09, 0x04]],
  ] as const)('in %s: the reader gets the UI countdown as bTimerOut and the language as wLangId', async (language, langId) => {
    const card = await createVirtualCard({ profile: '1.8', pki: await pki(), seed: 'pin-pad-entry' });
    const inProcess = new InProcessPcscPort({ readers: [{ name: READER, card, pinPad: { enter: async () => '1234' } }] });
    // The 32-byte control calls are the PIN_VERIFY_STRUCTUREs sent to the reader.
    const structures: Uint8Array[] = [];
    const port = tapPort(inProcess, { control: (_code, data) => void (data.length === 32 && structures.push(Uint8Array.from(data))) });
    const countdowns: number[] = [];
    const service = new CardService(port, { readers: () => undefined, pinPad: (_reader, seconds) => countdowns.push(seconds), diagnosisProgress: () => undefined });
    services.push(service);
    const digest = createHash('sha384').update('challenge').digest();
    const signature = await service.authenticate({ reader: READER, pin: { kind: 'pin-pad', language }, digest, hash: 'SHA-384' });
    expect(signature).toHaveLength(96);
    expect(countdowns).toEqual([PIN_PAD_TIMEOUT_SECONDS]);
    expect(structures).toHaveLength(1);
    const [structure] = structures;
    expect([structure![0], structure![1]]).toEqual([PIN_PAD_TIMEOUT_SECONDS, PIN_PAD_TIMEOUT_SECONDS]);
    expect([structure![9], structure![10]]).toEqual(langId);
  });
});

// EidCard through the in-process virtual card (both profiles): every status word the library handles.
import { describe, expect, it } from 'vitest';
import { createHash, verify } from 'node:crypto';
import { createVirtualCard, VirtualCardFault, type VirtualCard } from '../virtual-card/index.ts';
import { featureList, verifyPinDirect, type PinPadEntry } from '../virtual-card/pin-pad.ts';
import type { CardConnection } from '../pcsc/port.ts';
import { PcscError } from '../pcsc/errors.ts';
import { isAppError } from '../contract/errors.ts';
import { openEidCard, type PinEntry } from './eid-card.ts';
import type { Language } from '../i18n/languages.ts';

/** The thinnest CardConnection over a VirtualCard; counts APDUs. */
function connect(card: VirtualCard, extra: { control?: CardConnection['control']; atr?: Uint8Array } = {}) {
  const log: string[] = [];
  const connection: CardConnection = {
    reader: 'in-process',
    protocol: 'T0',
    atr: extra.atr ?? card.atr,
    async transmit(apdu) {
      log.push(Buffer.from(apdu.subarray(0, 4)).toString('hex').toUpperCase());
      try {
        return await card.transmit(apdu);
      } catch (error) {
        if (error instanceof VirtualCardFault && error.kind === 'mute') throw new PcscError('UnresponsiveCard', error.message);
        throw new PcscError('RemovedCard', (error as Error).message);
      }
    },
    control: extra.control ?? (async () => {
      throw new PcscError('Unknown', 'not supported');
    }),
    async beginTransaction() {},
    async endTransaction() {},
    async disconnect() {},
  };
  return { connection, log };
}

const digits = (text: string) => new TextEncoder().encode(text);
const pin = (text: string): PinEntry => ({ kind: 'digits', pin: digits(text) });
const pinPad = (language: Language = 'en'): PinEntry => ({ kind: 'pin-pad', language });

for (const profile of ['1.7', '1.8'] as const) {
  describe(`EidCard on the ${profile} virtual card`, async () => {
    const card = await createVirtualCard({ profile, pin: '1234', seed: `eid-card-${profile}` });

    it('recognises the card', async () => {
      const { connection, log } = connect(card);
      const eid = await openEidCard(connection);
      expect(eid.info()).toMatchObject({ applet: profile, chipNumber: Buffer.from(card.chipNumber).toString('hex').toUpperCase() });
      expect(log.length).toBe(1);
    });

    it('reads identity, address, photo and certificates, and the data signatures verify', async () => {
      const eid = await openEidCard(connect(card).connection);
      const identity = await eid.readIdentity();
      expect(identity.chipNumber).toBe(eid.info().chipNumber);
      const address = await eid.readAddress();
      expect(address.municipality).toBeTruthy();
      const photo = await eid.readPhoto();
      expect([photo[0], photo[1]]).toEqual([0xff, 0xd8]);
      for (const name of ['authentication', 'signature', 'ca', 'root', 'rrn'] as const) {
        const der = await eid.readCertificate(name);
        expect(der).not.toBeNull();
        expect(der![0]).toBe(0x30);
      }
      const report = await eid.verifyDataSignatures();
      expect(report.identity.valid).toBe(true);
      expect(report.address.valid).toBe(true);
      expect(report.photo.valid).toBe(true);
      if (profile === '1.8') expect(report.basicKey?.valid).toBe(true);
    });

    it('signs with both keys; signatures verify with the certificates', async () => {
      const eid = await openEidCard(connect(card).connection);
      const message = Buffer.from('challenge');
      const hash = profile === '1.8' ? 'SHA-384' : 'SHA-256';
      const digest = createHash(hash === 'SHA-384' ? 'sha384' : 'sha256').update(message).digest();
      for (const key of ['authentication', 'signature'] as const) {
        const signature = await eid.sign(key, new Uint8Array(digest), hash, pin('1234'));
        const publicKey = card.publicKeys[key]!;
        const ok =
          profile === '1.8'
            ? verify('sha384', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)
            : verify('sha256', message, publicKey, signature);
        expect(ok).toBe(true);
        if (profile === '1.8') expect(signature.length).toBe(96);
      }
      await eid.logOff();
    });
  });
}

/** A PIN-pad reader in front of the virtual card: GET_FEATURE_REQUEST and VERIFY_PIN_DIRECT. */
function pinPadReader(card: VirtualCard, entries: PinPadEntry[]): CardConnection['control'] {
  return async (code, data) => {
    if (code === 0x42000d48) return featureList('pcsclite');
    if (code === 0x42330006) return verifyPinDirect(data, { enter: async () => entries.shift() ?? 'timeout' }, (apdu) => card.transmit(apdu));
    throw new PcscError('Unknown', 'unsupported control code');
  };
}

const code = (e: unknown): { code?: string; details: Record<string, unknown> } =>
  isAppError(e) ? { code: e.code, details: e.details ?? {} } : { details: {} };

for (const profile of ['1.7', '1.8'] as const) {
  describe(`PIN on the ${profile} virtual card`, async () => {
    const card = await createVirtualCard({ profile, pin: '1234', seed: `eid-pin-${profile}` });

    it('reads tries left without spending one, counts down wrong PINs to blocked', async () => {
      const eid = await openEidCard(connect(card).connection);
      const before = await eid.pinStatus();
      expect(before.blocked).toBe(false);
      if (profile === '1.8') expect(before.triesLeft).toBe(3);
      else expect(before).toEqual({ triesLeft: 3, blocked: false, verified: false });
      await expect(eid.verifyPin(pin('9999'))).rejects.toSatisfy((e) => code(e).code === 'PIN_WRONG' && code(e).details.triesLeft === 2);
      expect((await eid.pinStatus()).triesLeft).toBe(2);
      await eid.verifyPin(pin('1234')); // a good PIN resets the counter
      expect((await eid.pinStatus()).blocked).toBe(false);
      await expect(eid.verifyPin(pin('0000'))).rejects.toSatisfy((e) => code(e).details.triesLeft === 2);
      await expect(eid.verifyPin(pin('0000'))).rejects.toSatisfy((e) => code(e).details.triesLeft === 1);
      await expect(eid.verifyPin(pin('0000'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_BLOCKED'));
      await expect(eid.verifyPin(pin('1234'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_BLOCKED'));
      expect(await eid.pinStatus()).toMatchObject({ triesLeft: 0, blocked: true });
    });

    it('refuses a malformed PIN before the card sees it, and wipes it', async () => {
      const fresh = await createVirtualCard({ profile, pin: '1234', seed: `eid-pin-${profile}`, pki: card.pki });
      const { connection, log } = connect(fresh);
      const eid = await openEidCard(connection);
      const bad = digits('12a4');
      await expect(eid.verifyPin({ kind: 'digits', pin: bad })).rejects.toSatisfy((e) => isAppError(e, 'PIN_FORMAT'));
      expect([...bad]).toEqual([0, 0, 0, 0]);
      await expect(eid.verifyPin(pin('123'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_FORMAT'));
      expect(log.length).toBe(1); // only GET CARD DATA
      const good = digits('1234');
      await eid.verifyPin({ kind: 'digits', pin: good });
      expect([...good]).toEqual([0, 0, 0, 0]);
    });

    it('changes the PIN', async () => {
      const fresh = await createVirtualCard({ profile, pin: '1234', seed: `eid-pin-${profile}`, pki: card.pki });
      const eid = await openEidCard(connect(fresh).connection);
      await expect(eid.changePin(digits('1111'), digits('5678'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_WRONG'));
      await eid.changePin(digits('1234'), digits('567890'));
      await eid.verifyPin(pin('567890'));
      await expect(eid.verifyPin(pin('1234'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_WRONG'));
    });

    it('verifies on a PIN-pad reader; reader outcomes map to PIN codes', async () => {
      const fresh = await createVirtualCard({ profile, pin: '1234', seed: `eid-pin-${profile}`, pki: card.pki });
      const entries: PinPadEntry[] = ['1234', 'cancel', 'timeout', '12', '9999'];
      const eid = await openEidCard(connect(fresh, { control: pinPadReader(fresh, entries) }).connection);
      expect(await eid.hasPinPad()).toBe(true);
      await eid.verifyPin(pinPad('nl'));
      await expect(eid.verifyPin(pinPad())).rejects.toSatisfy((e) => isAppError(e, 'PIN_CANCELLED'));
      await expect(eid.verifyPin(pinPad())).rejects.toSatisfy((e) => isAppError(e, 'PIN_TIMEOUT'));
      await expect(eid.verifyPin(pinPad())).rejects.toSatisfy((e) => isAppError(e, 'PIN_FORMAT'));
      await expect(eid.verifyPin(pinPad())).rejects.toSatisfy((e) => isAppError(e, 'PIN_WRONG'));
    });

    it('a reader without PIN pad says so', async () => {
      const eid = await openEidCard(connect(card).connection);
      expect(await eid.hasPinPad()).toBe(false);
      await expect(eid.verifyPin(pinPad())).rejects.toSatisfy((e) => isAppError(e, 'PIN_PAD_FAILED'));
    });
  });
}

describe('status words and transport failures', async () => {
  const card = await createVirtualCard({ profile: '1.8', pin: '1234', seed: 'eid-sw' });
  const reset = () => {
    card.faults.statusWordOn = null;
    card.faults.forceT0Chaining = false;
    card.faults.mute = false;
    card.reset();
  };

  it('a card that is not a Belgian eID: CARD_UNKNOWN by ATR or by GET CARD DATA', async () => {
    await expect(openEidCard(connect(card, { atr: Uint8Array.of(0x3b, 0x8f, 0x80, 0x01) }).connection)).rejects.toSatisfy((e) => isAppError(e, 'CARD_UNKNOWN'));
    card.faults.statusWordOn = { ins: 0xe4, sw: 0x6d00 };
    await expect(openEidCard(connect(card).connection)).rejects.toSatisfy((e) => isAppError(e, 'CARD_UNKNOWN'));
    reset();
  });

  it('forced T=0 chaining (61xx everywhere) still reads and signs', async () => {
    card.faults.forceT0Chaining = true;
    const eid = await openEidCard(connect(card).connection);
    expect((await eid.verifyDataSignatures()).identity.valid).toBe(true);
    const digest = createHash('sha384').update('x').digest();
    expect((await eid.sign('authentication', new Uint8Array(digest), 'SHA-384', pin('1234'))).length).toBe(96);
    reset();
  });

  it('maps SELECT 6A82, READ 6581, MSE 6A88, PSO 6982 and unknown SWs', async () => {
    const eid = await openEidCard(connect(card).connection);
    card.faults.statusWordOn = { ins: 0xa4, sw: 0x6a82 };
    await expect(eid.readIdentity()).rejects.toSatisfy((e) => isAppError(e, 'CARD_COMMUNICATION') && e.details?.sw === '6A82');
    card.faults.statusWordOn = { ins: 0xb0, sw: 0x6581 };
    await expect(eid.readPhoto()).rejects.toSatisfy((e) => isAppError(e, 'CARD_COMMUNICATION'));
    card.faults.statusWordOn = { ins: 0x22, sw: 0x6a88 };
    const digest = new Uint8Array(48);
    await expect(eid.sign('signature', digest, 'SHA-384', pin('1234'))).rejects.toSatisfy((e) => isAppError(e, 'CARD_NO_SIGNATURE_KEY'));
    card.faults.statusWordOn = { ins: 0x22, sw: 0x6985 };
    await expect(eid.sign('signature', digest, 'SHA-384', pin('1234'))).rejects.toSatisfy((e) => isAppError(e, 'CARD_NO_SIGNATURE_KEY'));
    card.faults.statusWordOn = null;
    await expect(eid.sign('authentication', digest, 'SHA-384')).rejects.toSatisfy((e) => isAppError(e, 'CARD_COMMUNICATION') && e.details?.sw === '6982');
    card.faults.statusWordOn = { ins: 0x20, sw: 0x6a80 };
    await expect(eid.verifyPin(pin('1234'))).rejects.toSatisfy((e) => isAppError(e, 'PIN_FORMAT'));
    card.faults.statusWordOn = { ins: 0x20, sw: 0x6f00 };
    await expect(eid.verifyPin(pin('1234'))).rejects.toSatisfy((e) => isAppError(e, 'CARD_COMMUNICATION'));
    await expect(eid.sign('signature', digest, 'SHA-384')).rejects.toSatisfy((e) => isAppError(e, 'INVALID_ARGUMENT'));
    await expect(eid.sign('authentication', new Uint8Array(20), 'SHA-384')).rejects.toSatisfy((e) => isAppError(e, 'INVALID_ARGUMENT'));
    reset();
  });

  it('reader-made PIN-pad answers 6402 and 6B80, and a short answer', async () => {
    const replies = [Uint8Array.of(0x64, 0x02), Uint8Array.of(0x6b, 0x80), Uint8Array.of(0x90)];
    const control: CardConnection['control'] = async (code) => (code === 0x42000d48 ? Uint8Array.of(0x06, 4, 0x42, 0x33, 0, 6) : replies.shift()!);
    const eid = await openEidCard(connect(card, { control }).connection);
    await expect(eid.verifyPin(pinPad())).rejects.toSatisfy((e) => isAppError(e, 'PIN_FORMAT'));
    await expect(eid.verifyPin(pinPad())).rejects.toSatisfy((e) => isAppError(e, 'PIN_PAD_FAILED'));
    await expect(eid.verifyPin(pinPad())).rejects.toSatisfy((e) => isAppError(e, 'PIN_PAD_FAILED'));
  });

  it('a tampered address fails its signature check (after reading the signature files to the end)', async () => {
    const tampered = await createVirtualCard({ profile: '1.7', pin: '1234', seed: 'eid-tampered', pki: card.pki });
    const address = tampered.files.get('3F00DF014033')!;
    address[3] = address[3]! ^ 0x01;
    const { connection, log } = connect(tampered);
    const report = await (await openEidCard(connection)).verifyDataSignatures();
    expect(report.identity.valid).toBe(true);
    expect(report.address.valid).toBe(false);
    // Six files, then both signature files selected again to read past 256 bytes.
    expect(log.filter((apdu) => apdu === '00A4080C')).toHaveLength(8);
  });

  it('a minor card without signature key: CARD_NO_SIGNATURE_KEY and no certificate', async () => {
    const minor = await createVirtualCard({ profile: '1.8', pin: '1234', seed: 'eid-minor', withSignatureKey: false, pki: card.pki });
    const eid = await openEidCard(connect(minor).connection);
    expect(await eid.readCertificate('signature')).toBeNull();
    await expect(eid.sign('signature', new Uint8Array(48), 'SHA-384', pin('1234'))).rejects.toSatisfy((e) => isAppError(e, 'CARD_NO_SIGNATURE_KEY'));
  });

  it('card removed mid-read: CARD_REMOVED; mute card: CARD_UNRESPONSIVE', async () => {
    const eid = await openEidCard(connect(card).connection);
    card.faults.removeAfterApdus = 3;
    await expect(eid.readPhoto()).rejects.toSatisfy((e) => isAppError(e, 'CARD_REMOVED'));
    reset();
    card.faults.mute = true;
    await expect(eid.readIdentity()).rejects.toSatisfy((e) => isAppError(e, 'CARD_UNRESPONSIVE'));
    reset();
  });
});

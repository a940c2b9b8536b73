// Every command and status word of the emulated BELPIC applet, driven through the in-process PC/SC
// port exactly as the card library will drive it.
import { createHash, verify, constants } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CardConnection } from '../pcsc/port.ts';
import { createTestPki, createVirtualCard, InProcessPcscPort, type TestPki, type VirtualCard } from './index.ts';

const READER = 'Test Reader 0';
const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const hexOf = (data: Uint8Array): string => Buffer.from(data).toString('hex').toUpperCase();

interface Reply {
  readonly data: Uint8Array;
  readonly sw: string;
}

async function send(connection: CardConnection, apdu: string): Promise<Reply> {
  const response = await connection.transmit(bytes(apdu));
  return { data: response.subarray(0, -2), sw: hexOf(response.subarray(-2)) };
}

const APPLET = '00 A4 04 0C 0F A0 00 00 00 30 29 05 70 00 AD 13 10 01 01 FF';
const PIN_1234 = '00 20 00 01 08 24 12 34 FF FF FF FF FF';
const PIN_9999 = '00 20 00 01 08 24 99 99 FF FF FF FF FF';
const sha = (algorithm: string, text: string): Buffer => createHash(algorithm).update(text).digest();

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ seed: 'applet-tests' });
});

async function open(options: Parameters<typeof createVirtualCard>[0] = {}): Promise<{ card: VirtualCard; connection: CardConnection }> {
  const card = await createVirtualCard({ seed: 'applet-tests', pki, ...options });
  const port = new InProcessPcscPort({ readers: [{ name: READER, card }] });
  return { card, connection: await port.connect(READER) };
}

/** Reads a whole EF the way eid-mw does: 252-byte chunks, 6Cxx gives the tail, 6B00 at EOF. */
async function readFile(connection: CardConnection, path: string): Promise<Uint8Array> {
  expect((await send(connection, `00 A4 08 0C ${(path.length / 2).toString(16).padStart(2, '0')} ${path}`)).sw).toBe('9000');
  const chunks: Uint8Array[] = [];
  for (let offset = 0; ; ) {
    const header = `00 B0 ${(offset >> 8).toString(16).padStart(2, '0')} ${(offset & 0xff).toString(16).padStart(2, '0')}`;
    let reply = await send(connection, `${header} FC`);
    if (reply.sw === '6B00') break;
    if (reply.sw.startsWith('6C')) reply = await send(connection, `${header} ${reply.sw.slice(2)}`);
    expect(reply.sw).toBe('9000');
    chunks.push(reply.data);
    offset += reply.data.length;
    if (reply.data.length < 0xfc) break;
  }
  return Buffer.concat(chunks);
}

describe.each(['1.7', '1.8'] as const)('applet %s', (profile) => {
  let card: VirtualCard;
  let connection: CardConnection;
  beforeAll(async () => {
    ({ card, connection } = await open({ profile }));
  });

  it('selects the applet by AID with P2 00 and 0C, answering 9000 without data', async () => {
    for (const p2 of ['00', '0C']) {
      const reply = await send(connection, `00 A4 04 ${p2} 0F A0 00 00 00 30 29 05 70 00 AD 13 10 01 01 FF`);
      expect(reply).toEqual({ data: new Uint8Array(), sw: '9000' });
    }
  });

  it('selects files in every form real clients send', async () => {
    await send(connection, APPLET);
    expect((await send(connection, '00 A4 02 0C 02 40 31')).sw).toBe('6A82'); // EF not under the MF
    expect((await send(connection, '00 A4 02 0C 02 DF 01')).sw).toBe('9000');
    expect((await send(connection, '00 A4 02 0C 02 40 31')).sw).toBe('9000');
    expect((await send(connection, '00 A4 02 0C 02 3F 00')).sw).toBe('9000'); // MF from anywhere
    expect((await send(connection, '00 A4 02 0C 02 DF 00')).sw).toBe('9000');
    expect((await send(connection, '00 A4 02 0C 02 DF 01')).sw).toBe('9000'); // sibling DF from anywhere
    expect((await send(connection, '00 A4 08 0C 06 3F 00 DF 00 50 38')).sw).toBe('9000'); // minidriver, OpenSC
    expect((await send(connection, '00 A4 08 0C 04 DF 00 50 38')).sw).toBe('9000'); // macOS token
    expect((await send(connection, '00 A4 04 0C 0C A0 00 00 01 77 50 4B 43 53 2D 31 35')).sw).toBe('9000');
    expect((await send(connection, '00 A4 02 0C 02 50 32')).sw).toBe('9000'); // child of DF00
    expect((await send(connection, '00 A4 04 0C 0C A0 00 00 01 77 49 64 46 69 6C 65 73')).sw).toBe('9000');
    expect((await send(connection, '00 A4 02 0C 02 40 35')).sw).toBe('9000'); // child of DF01
    expect((await send(connection, '00 A4 08 0C 04 DF 00 99 99')).sw).toBe('6A82');
    expect((await send(connection, '00 A4 04 0C 05 A0 00 00 00 01')).sw).toBe('6A82');
    expect((await send(connection, '00 A4 02 0C 03 3F 00 00')).sw).toBe('6A87');
    expect((await send(connection, '00 A4 01 0C 02 3F 00')).sw).toBe('6A86');
    expect((await send(connection, '00 A4 02 04 02 3F 00')).sw).toBe('6A86');
  });

  it('reads every file exactly, with 6Cxx for the tail and 6B00 past the end', async () => {
    for (const [path, content] of card.files) expect(hexOf(await readFile(connection, path))).toBe(hexOf(content));
    await send(connection, '00 A4 08 0C 06 3F 00 DF 01 40 33'); // address: 117 bytes
    expect((await send(connection, '00 B0 00 00 00')).sw).toBe('6C75'); // Le 00 means 256
    expect((await send(connection, '00 B0 00 70 10')).sw).toBe('6C05');
    expect((await send(connection, '00 B0 00 75 01')).sw).toBe('6B00');
    expect((await send(connection, '00 B0 01 00 01')).sw).toBe('6B00');
    await send(connection, '00 A4 08 0C 06 3F 00 DF 00 50 38'); // a certificate: more than 256 bytes
    const reply = await send(connection, '00 B0 00 00 00');
    expect(reply.sw).toBe('9000');
    expect(reply.data.length).toBe(256);
    await send(connection, '00 A4 02 0C 02 3F 00');
    expect((await send(connection, '00 B0 00 00 10')).sw).toBe('6986'); // no current EF
  });

  it('answers GET CARD DATA with the applet version and the chip serial of TokenInfo and the ID file', async () => {
    const reply = await send(connection, '80 E4 00 00 1C');
    expect(reply.sw).toBe('9000');
    expect(reply.data.length).toBe(28);
    expect(reply.data[21]).toBe(profile === '1.8' ? 0x18 : 0x17);
    expect(reply.data[27]).toBe(0x0f);
    const serial = hexOf(reply.data.subarray(0, 16));
    expect(hexOf(card.files.get('3F00DF005032') ?? new Uint8Array()).slice(14, 46)).toBe(serial);
    expect(hexOf(card.files.get('3F00DF014031') ?? new Uint8Array())).toContain(`0210${serial}`);
    expect((await send(connection, '80 E4 00 00 FF')).sw).toBe('6C1C'); // commons-eid asks FF
    expect((await send(connection, '80 E4 00 02 1C')).sw).toBe('6B00');
    const tries = await send(connection, '80 E4 00 01 1F');
    if (profile === '1.8') {
      expect(tries.sw).toBe('9000');
      expect(hexOf(tries.data.subarray(28))).toBe('03FFFF');
      expect((await send(connection, '80 E4 00 01 1C')).sw).toBe('6C1F');
    } else {
      expect(tries.sw).toBe('6B00');
    }
  });

  it('rejects unknown instructions with 6D00 and unknown classes with 6E00', async () => {
    expect((await send(connection, '00 84 00 00 08')).sw).toBe('6D00');
    expect((await send(connection, '00 FF 00 00')).sw).toBe('6D00');
    expect((await send(connection, 'A0 A4 00 00 02 3F 00')).sw).toBe('6E00');
    expect((await send(connection, '00 A4')).sw).toBe('6700');
    expect((await send(connection, '00 B0 00 00 05 01 02')).sw).toBe('6700');
    expect((await send(connection, '00 C0 00 00 10')).sw).toBe('6985'); // GET RESPONSE, nothing pending
  });

  it('logs off with 80 E6 00 00', async () => {
    expect((await send(connection, '80 E6 00 00')).sw).toBe('9000');
  });
});

describe.each(['1.7', '1.8'] as const)('PIN on applet %s', (profile) => {
  it('counts wrong PINs down, blocks after three, and answers 6983 from then on', async () => {
    const { card, connection } = await open({ profile });
    expect((await send(connection, '00 20 00 01')).sw).toBe('63C3'); // empty VERIFY: status only
    expect((await send(connection, '00 20 00 01 00')).sw).toBe('63C3'); // the same under T=0 (P3 = 00)
    expect((await send(connection, PIN_9999)).sw).toBe('63C2');
    expect((await send(connection, PIN_1234)).sw).toBe('9000'); // a good PIN restores the counter
    expect((await send(connection, '00 20 00 01')).sw).toBe('9000'); // verified
    expect(card.triesLeft).toBe(3);
    expect((await send(connection, PIN_9999)).sw).toBe('63C2');
    expect((await send(connection, '00 20 00 01')).sw).toBe('63C2'); // a wrong PIN cleared the right
    expect((await send(connection, PIN_9999)).sw).toBe('63C1');
    expect((await send(connection, PIN_9999)).sw).toBe('63C0');
    expect((await send(connection, PIN_1234)).sw).toBe('6983');
    expect((await send(connection, '00 20 00 01')).sw).toBe('6983');
    expect(card.triesLeft).toBe(0);
    if (profile === '1.8') expect(hexOf((await send(connection, '80 E4 00 01 1F')).data.subarray(28, 29))).toBe('00');
  });

  it('rejects malformed PIN blocks and wrong references without counting a try', async () => {
    const { card, connection } = await open({ profile });
    expect((await send(connection, '00 20 00 01 08 24 12 3F FF FF FF FF FF')).sw).toBe('6A80');
    expect((await send(connection, '00 20 00 01 08 23 12 3F FF FF FF FF FF')).sw).toBe('6A80'); // 3 digits
    expect((await send(connection, '00 20 00 01 08 44 12 34 FF FF FF FF FF')).sw).toBe('6A80');
    expect((await send(connection, '00 20 00 01 08 24 12 34 00 FF FF FF FF')).sw).toBe('6A80');
    expect((await send(connection, '00 20 00 02 08 24 12 34 FF FF FF FF FF')).sw).toBe('6A88');
    expect((await send(connection, '00 20 01 01 08 24 12 34 FF FF FF FF FF')).sw).toBe('6A86');
    expect((await send(connection, '00 20 00 01 04 24 12 34 FF')).sw).toBe('6700');
    expect(card.triesLeft).toBe(3);
  });

  it('starts blocked or with fewer tries when the profile says so', async () => {
    const blocked = await open({ profile, blocked: true });
    expect((await send(blocked.connection, PIN_1234)).sw).toBe('6983');
    const two = await open({ profile, triesLeft: 2, pin: '123456789012' });
    expect((await send(two.connection, '00 20 00 01')).sw).toBe('63C2');
    expect((await send(two.connection, '00 20 00 01 08 2C 12 34 56 78 90 12 FF')).sw).toBe('9000');
  });

  it('changes the PIN with CHANGE REFERENCE DATA', async () => {
    const { connection } = await open({ profile });
    expect((await send(connection, '00 24 00 01 10 24 99 99 FF FF FF FF FF 25 54 32 1F FF FF FF FF')).sw).toBe('63C2');
    expect((await send(connection, '00 24 00 01 10 24 12 34 FF FF FF FF FF 23 54 3F FF FF FF FF FF')).sw).toBe('6A80');
    expect((await send(connection, '00 24 00 01 08 24 12 34 FF FF FF FF FF')).sw).toBe('6700');
    expect((await send(connection, '00 24 00 01 10 24 12 34 FF FF FF FF FF 25 54 32 1F FF FF FF FF')).sw).toBe('9000');
    expect((await send(connection, PIN_1234)).sw).toBe('63C2');
    expect((await send(connection, '00 20 00 01 08 25 54 32 1F FF FF FF FF')).sw).toBe('9000');
  });
});

describe('signing on applet 1.7 (RSA-2048, PKCS#1 v1.5 and PSS)', () => {
  let card: VirtualCard;
  let connection: CardConnection;
  beforeAll(async () => {
    ({ card, connection } = await open({ profile: '1.7' }));
  });

  async function sign(key: '82' | '83', algorithm: string, dtbs: Uint8Array, verifyFirst = true): Promise<Uint8Array> {
    expect((await send(connection, `00 22 41 B6 05 04 80 ${algorithm} 84 ${key}`)).sw).toBe('9000');
    if (verifyFirst) expect((await send(connection, PIN_1234)).sw).toBe('9000');
    const reply = await send(connection, `00 2A 9E 9A ${dtbs.length.toString(16).padStart(2, '0')} ${hexOf(dtbs)}`);
    expect(reply.sw).toBe('6100');
    const signature = await send(connection, '00 C0 00 00 00');
    expect(signature.sw).toBe('9000');
    expect(signature.data.length).toBe(256);
    return signature.data;
  }

  it('signs SHA-256 (08), SHA-1 (02) and a DigestInfo (01) that verify with the certificate key', async () => {
    const key = card.publicKeys.authentication;
    expect(verify('sha256', Buffer.from('a'), key, await sign('82', '08', sha('sha256', 'a')))).toBe(true);
    expect(verify('sha1', Buffer.from('b'), key, await sign('82', '02', sha('sha1', 'b')))).toBe(true);
    const digestInfo = Buffer.concat([bytes('30 51 30 0D 06 09 60 86 48 01 65 03 04 02 03 05 00 04 40'), sha('sha512', 'c')]);
    expect(verify('sha512', Buffer.from('c'), key, await sign('82', '01', digestInfo))).toBe(true);
  });

  it('signs RSASSA-PSS with SHA-256 (20)', async () => {
    const signature = await sign('82', '20', sha('sha256', 'd'));
    const ok = verify('sha256', Buffer.from('d'), { key: card.publicKeys.authentication, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
    expect(ok).toBe(true);
  });

  it('signs with the non-repudiation key only right after VERIFY', async () => {
    const signature = await sign('83', '08', sha('sha256', 'e'));
    const signatureKey = card.publicKeys.signature;
    expect(signatureKey).not.toBeNull();
    if (signatureKey) expect(verify('sha256', Buffer.from('e'), signatureKey, signature)).toBe(true);
    // The VERIFY was consumed: a second signature needs a new one.
    expect((await send(connection, `00 2A 9E 9A 20 ${hexOf(sha('sha256', 'f'))}`)).sw).toBe('6982');
    // VERIFY, another command, PSO: too late on 1.7, but the authentication key is now allowed.
    expect((await send(connection, PIN_1234)).sw).toBe('9000');
    expect((await send(connection, '80 E4 00 00 1C')).sw).toBe('9000');
    expect((await send(connection, `00 2A 9E 9A 20 ${hexOf(sha('sha256', 'f'))}`)).sw).toBe('6982');
    expect((await send(connection, '00 22 41 B6 05 04 80 08 84 82')).sw).toBe('9000');
    expect((await send(connection, `00 2A 9E 9A 20 ${hexOf(sha('sha256', 'f'))}`)).sw).toBe('6100');
  });

  it('rejects bad environments, lengths and missing PINs', async () => {
    const { connection: fresh } = await open({ profile: '1.7' });
    expect((await send(fresh, `00 2A 9E 9A 20 ${hexOf(sha('sha256', 'g'))}`)).sw).toBe('6985'); // no MSE yet
    expect((await send(fresh, '00 22 41 B6 05 04 80 40 84 82')).sw).toBe('6A80'); // ECDSA ref on RSA card
    expect((await send(fresh, '00 22 41 B6 05 04 80 08 84 85')).sw).toBe('6A88');
    expect((await send(fresh, '00 22 41 B6 05 04 81 08 84 82')).sw).toBe('6A80');
    expect((await send(fresh, '00 22 41 B8 05 04 80 08 84 82')).sw).toBe('6A86');
    expect((await send(fresh, '00 22 41 B6 05 04 80 08 84 82')).sw).toBe('9000');
    expect((await send(fresh, `00 2A 9E 9A 20 ${hexOf(sha('sha256', 'g'))}`)).sw).toBe('6982'); // no PIN
    expect((await send(fresh, PIN_1234)).sw).toBe('9000');
    expect((await send(fresh, `00 2A 9E 9A 14 ${hexOf(sha('sha1', 'g'))}`)).sw).toBe('6700'); // SHA-256 expects 32
    expect((await send(fresh, `00 2A 9E 9A 20 ${hexOf(sha('sha256', 'g'))}`)).sw).toBe('6100');
    expect((await send(fresh, `00 2A 9E 9A 20 ${hexOf(sha('sha256', 'g'))}`)).sw).toBe('6100'); // PIN once
    expect((await send(fresh, '80 E6 00 00')).sw).toBe('9000'); // LOG OFF
    expect((await send(fresh, `00 2A 9E 9A 20 ${hexOf(sha('sha256', 'g'))}`)).sw).toBe('6982');
    expect((await send(fresh, '00 88 02 81 32 94 30' + ' 00'.repeat(48))).sw).toBe('6D00'); // no IA on 1.7
    expect((await send(fresh, '80 B2 01 01 00')).sw).toBe('6D00'); // no READ RECORD on 1.7
  });
});

describe('signing on applet 1.8 (ECDSA P-384, r‖s through GET RESPONSE)', () => {
  let card: VirtualCard;
  let connection: CardConnection;
  beforeAll(async () => {
    ({ card, connection } = await open({ profile: '1.8' }));
  });

  const p1363 = (key: VirtualCard['publicKeys']['authentication']) => ({ key, dsaEncoding: 'ieee-p1363' as const });

  it.each([
    ['01', 'sha256'],
    ['02', 'sha384'],
    ['04', 'sha512'],
    ['40', 'sha384'],
  ])('signs with algorithm %s over a %s digest', async (algorithm, hash) => {
    expect((await send(connection, `00 22 41 B6 05 04 80 ${algorithm} 84 82`)).sw).toBe('9000');
    expect((await send(connection, PIN_1234)).sw).toBe('9000');
    const digest = sha(hash, 'login');
    expect((await send(connection, `00 2A 9E 9A ${digest.length.toString(16)} ${hexOf(digest)}`)).sw).toBe('6160');
    const reply = await send(connection, '00 C0 00 00 60');
    expect(reply.sw).toBe('9000');
    expect(reply.data.length).toBe(96);
    expect(verify(hash, Buffer.from('login'), p1363(card.publicKeys.authentication), reply.data)).toBe(true);
  });

  it('answers directly when the command carries Le, and 6Cxx to a wrong GET RESPONSE length', async () => {
    expect((await send(connection, '00 22 41 B6 05 04 80 02 84 82')).sw).toBe('9000');
    const digest = sha('sha384', 'x');
    const direct = await send(connection, `00 2A 9E 9A 30 ${hexOf(digest)} 00`);
    expect(direct.sw).toBe('9000');
    expect(direct.data.length).toBe(96);
    expect((await send(connection, `00 2A 9E 9A 30 ${hexOf(digest)}`)).sw).toBe('6160');
    expect((await send(connection, '00 C0 00 00 FF')).sw).toBe('6C60');
    const part = await send(connection, '00 C0 00 00 20');
    expect(part.sw).toBe('6140');
    expect((await send(connection, '00 C0 00 00 40')).sw).toBe('9000');
    expect((await send(connection, '00 C0 00 00 40')).sw).toBe('6985');
  });

  it('tolerates one command between VERIFY and a non-repudiation signature, not two', async () => {
    const digest = hexOf(sha('sha384', 'sign'));
    expect((await send(connection, '00 22 41 B6 05 04 80 02 84 83')).sw).toBe('9000');
    expect((await send(connection, PIN_1234)).sw).toBe('9000');
    expect((await send(connection, '00 A4 02 0C 02 3F 00')).sw).toBe('9000');
    expect((await send(connection, `00 2A 9E 9A 30 ${digest}`)).sw).toBe('6160');
    const reply = await send(connection, '00 C0 00 00 60');
    const signatureKey = card.publicKeys.signature;
    if (signatureKey) expect(verify('sha384', Buffer.from('sign'), p1363(signatureKey), reply.data)).toBe(true);
    expect((await send(connection, PIN_1234)).sw).toBe('9000');
    expect((await send(connection, '00 A4 02 0C 02 3F 00')).sw).toBe('9000');
    expect((await send(connection, '00 A4 02 0C 02 3F 00')).sw).toBe('9000');
    expect((await send(connection, `00 2A 9E 9A 30 ${digest}`)).sw).toBe('6982');
  });

  it('does not let a VERIFY spent on the signature key authorise the authentication key', async () => {
    const { connection: fresh } = await open({ profile: '1.8' });
    const digest = hexOf(sha('sha384', 'mixed'));
    await send(fresh, '00 22 41 B6 05 04 80 02 84 83');
    await send(fresh, PIN_1234);
    expect((await send(fresh, `00 2A 9E 9A 30 ${digest}`)).sw).toBe('6160');
    expect((await send(fresh, '00 22 41 B6 05 04 80 02 84 82')).sw).toBe('9000');
    expect((await send(fresh, `00 2A 9E 9A 30 ${digest}`)).sw).toBe('6982');
  });

  it('authenticates the card with the basic key (INTERNAL AUTHENTICATE), whose hash is tag 1A', async () => {
    const challenge = sha('sha384', 'challenge');
    expect((await send(connection, '00 22 41 B6 05 04 80 02 84 81')).sw).toBe('9000'); // commons-eid does this first
    expect((await send(connection, `00 88 02 81 32 94 30 ${hexOf(challenge)}`)).sw).toBe('6160');
    const reply = await send(connection, '00 C0 00 00 60');
    const basic = card.publicKeys.basic;
    expect(basic).not.toBeNull();
    if (basic) expect(verify('sha384', Buffer.from('challenge'), p1363(basic), reply.data)).toBe(true);
    const basicFile = card.files.get('3F00DF014040') ?? new Uint8Array();
    expect(basicFile.length).toBe(120);
    expect(hexOf(card.files.get('3F00DF014031') ?? new Uint8Array())).toContain(`1A30${hexOf(createHash('sha384').update(basicFile).digest())}`);
    expect((await send(connection, `00 88 02 81 31 95 2F ${hexOf(challenge.subarray(1))}`)).sw).toBe('6A80');
    expect((await send(connection, `00 88 02 81 22 94 20 ${hexOf(challenge.subarray(16))}`)).sw).toBe('6A80');
    expect((await send(connection, `00 88 02 82 32 94 30 ${hexOf(challenge)}`)).sw).toBe('6A88');
  });

  it('reads identity fields by tag with READ RECORD', async () => {
    await send(connection, '00 A4 08 0C 06 3F 00 DF 01 40 31');
    const reply = await send(connection, '80 B2 06 06 00');
    expect(reply.sw).toBe('9000');
    expect(Buffer.from(reply.data).subarray(2).toString()).toBe(card.holder.nationalNumber);
    expect(reply.data[0]).toBe(0x06);
    const names = await send(connection, '80 B2 07 08 00');
    expect(Buffer.from(names.data).toString('latin1')).toContain('Specimen');
    expect((await send(connection, '80 B2 08 07 00')).sw).toBe('6A83');
    expect((await send(connection, '80 B2 1F 1F 00')).sw).toBe('6A83');
    expect((await send(connection, '80 B2 06 06 FF')).sw).toBe('6C0D');
    await send(connection, '00 A4 08 0C 06 3F 00 DF 00 50 32');
    expect((await send(connection, '80 B2 01 01 00')).sw).toBe('6981');
  });

  it('refuses the signature key on a minor card', async () => {
    const minor = await open({ profile: '1.8', withSignatureKey: false });
    expect((await send(minor.connection, '00 22 41 B6 05 04 80 02 84 83')).sw).toBe('6A88');
    expect(minor.card.publicKeys.signature).toBeNull();
  });
});

describe('reset and T=0 chaining', () => {
  it('forgets the PIN on reset and keeps working', async () => {
    const { card, connection } = await open({ profile: '1.8' });
    await send(connection, PIN_1234);
    expect((await send(connection, '00 20 00 01')).sw).toBe('9000');
    expect(hexOf(card.reset())).toBe(hexOf(card.atr));
    expect((await send(connection, '00 20 00 01')).sw).toBe('63C3');
    expect((await send(connection, '00 B0 00 00 10')).sw).toBe('6986'); // MF current after reset
  });

  it('answers 61xx for data when forceT0Chaining is on', async () => {
    const { card, connection } = await open({ profile: '1.8', faults: { forceT0Chaining: true } });
    expect((await send(connection, '80 E4 00 00 1C')).sw).toBe('611C');
    const data = await send(connection, '00 C0 00 00 1C');
    expect(data.sw).toBe('9000');
    expect(data.data[21]).toBe(0x18);
    card.faults.forceT0Chaining = false;
    expect((await send(connection, '80 E4 00 00 1C')).sw).toBe('9000');
  });
});

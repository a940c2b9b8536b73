// Everything personalised onto one emulated card: keys, certificates, the identity files signed by the
// test RRN, the photo, the PKCS#15 directory and the GET CARD DATA bytes.
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { concat, hexBytes } from './der.ts';
import type { Holder } from './holder.ts';
import { addressFile, identityFile, trimTrailingZeros } from './identity-files.ts';
import { keyFor, seededBytes, type KeyMaterial } from '../test-pki/keys.ts';
import { aodf, cdf, certificateFile, efDir, odf, prkdf, tokenInfo, type AppletProfile } from './pkcs15-files.ts';
import { specimenPhotoJpeg } from './specimen-photo.ts';
import type { CertificateValidity, IssuedCertificate, TestPki } from '../test-pki/test-pki.ts';

export interface CardContentInput {
  readonly profile: AppletProfile;
  readonly holder: Holder;
  readonly pki: TestPki;
  readonly seed: string | undefined;
  readonly certificates: CertificateValidity;
  readonly withSignatureKey: boolean;
}

export interface CardContent {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly cardData: Uint8Array;
  readonly chipNumber: Uint8Array;
  readonly keys: { authentication: KeyMaterial; signature: KeyMaterial | null; basic: KeyMaterial | null };
  readonly certificates: {
    readonly authentication: IssuedCertificate;
    readonly signature: IssuedCertificate | null;
    readonly rrn: IssuedCertificate;
  };
}

/** RRN signature files have a fixed size; a shorter (DER ECDSA) signature is zero-padded. */
const SIGNATURE_FILE_SIZE = 256;

function padTo(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(Math.max(size, bytes.length));
  out.set(bytes);
  return out;
}

/** The 28 bytes of GET CARD DATA P2=00 (serial, chip and OS codes, applet version and life cycle). */
function cardDataBytes(profile: AppletProfile, chipNumber: Uint8Array): Uint8Array {
  const tail =
    profile === '1.8'
      ? hexBytes('F3 36 01 25 01 18 00 01 00 00 02 0F') // applet 1.8, global OS 0001, no PKCS#1 flag, key exchange 02
      : hexBytes('F3 36 01 25 01 17 00 03 00 21 01 0F'); // applet 1.7, global OS 0003, PKCS#1 v2.1, key exchange 01
  return concat(chipNumber, tail);
}

function rrnSign(profile: AppletProfile, key: KeyObject, data: Uint8Array): Uint8Array {
  // 1.7: RSA PKCS#1 v1.5 with SHA-1 (the original 1.7 cards); 1.8: ECDSA P-384 SHA-384, DER, padded.
  if (profile === '1.7') return new Uint8Array(sign('sha1', data, key));
  return padTo(new Uint8Array(sign('sha384', data, { key, dsaEncoding: 'der' })), SIGNATURE_FILE_SIZE);
}

export async function personalise(input: CardContentInput): Promise<CardContent> {
  const { profile, holder, pki, seed } = input;
  const algorithm = profile === '1.8' ? 'ec-p384' : 'rsa-2048';
  const cardSeed = seed === undefined ? undefined : `${seed}:${profile}:${holder.nationalNumber}`;
  const authentication = await keyFor(algorithm, cardSeed, 'card:authentication');
  const signature = input.withSignatureKey ? await keyFor(algorithm, cardSeed, 'card:signature') : null;
  const basic = profile === '1.8' ? await keyFor('ec-p384', cardSeed, 'card:basic') : null;

  const chipNumber = new Uint8Array(seededBytes(cardSeed, 'chip-number', 16));
  chipNumber.set(hexBytes('53 4C 49 4E')); // the first bytes name the chip maker on real cards

  const issue = (purpose: 'authentication' | 'signature', key: KeyMaterial) =>
    pki.issueCitizenCertificate({
      holder,
      purpose,
      publicKey: key.publicKey,
      validity: input.certificates,
      ...(cardSeed === undefined ? {} : { serialSeed: cardSeed }),
    });
  const authCertificate = await issue('authentication', authentication);
  const signCertificate = signature ? await issue('signature', signature) : null;
  const rrn = profile === '1.8' ? pki.rrn : await pki.rrnRsa();

  const photo = specimenPhotoJpeg();
  const photoHash = createHash(profile === '1.8' ? 'sha384' : 'sha1').update(photo).digest();
  const basicKeyFile = basic
    ? new Uint8Array(createPublicKey(basic.privateKey).export({ type: 'spki', format: 'der' }))
    : null;
  const identity = identityFile({
    holder,
    chipNumber,
    validFrom: authCertificate.certificate.notBefore,
    validUntil: authCertificate.certificate.notAfter,
    photoHash,
    ...(basicKeyFile ? { basicKeyHash: createHash('sha384').update(basicKeyFile).digest() } : {}),
  });
  const address = addressFile(holder);
  const identitySignature = rrnSign(profile, rrn.key.privateKey, identity);
  // The address signature also covers the identity signature file, padding included.
  const addressSignature = rrnSign(profile, rrn.key.privateKey, concat(trimTrailingZeros(address), identitySignature));

  const files = new Map<string, Uint8Array>([
    ['3F002F00', efDir()],
    ['3F00DF005031', odf()],
    ['3F00DF005032', tokenInfo(profile, chipNumber)],
    ['3F00DF005034', aodf()],
    ['3F00DF005035', prkdf(profile, signature !== null)],
    ['3F00DF005037', cdf(profile, signCertificate !== null)],
    ['3F00DF005038', certificateFile(profile, authCertificate.der)],
    ['3F00DF005039', certificateFile(profile, signCertificate?.der ?? null)],
    ['3F00DF00503A', certificateFile(profile, pki.citizenCa.der)],
    ['3F00DF00503B', certificateFile(profile, pki.root.der)],
    ['3F00DF00503C', certificateFile(profile, rrn.der)],
    ['3F00DF014031', identity],
    ['3F00DF014032', identitySignature],
    ['3F00DF014033', address],
    ['3F00DF014034', addressSignature],
    ['3F00DF014035', photo],
  ]);
  if (basicKeyFile) files.set('3F00DF014040', basicKeyFile);

  return {
    files,
    cardData: cardDataBytes(profile, chipNumber),
    chipNumber,
    keys: { authentication, signature, basic },
    certificates: { authentication: authCertificate, signature: signCertificate, rrn },
  };
}

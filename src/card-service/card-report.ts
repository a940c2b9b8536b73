// What `eid-companion card` shows: the whole card read without a PIN (applet, chip number, identity,
// address, photo, data-signature checks, certificates, PIN tries left), with personal data (national
// number, birth date, address, photo) redacted unless asked for. The card is opened the way the app
// opens it (CardIdentities).
import { AppError } from '../contract/errors.ts';
import type { PcscPort } from '../pcsc/port.ts';
import { toCardError } from '../card/card-errors.ts';
import type { CertificateName, EidCard } from '../card/eid-card.ts';
import { describeCertificate, type CertificateInfo } from '../card/certificate-info.ts';
import { REDACTED } from '../diagnostics/redactor.ts';
import { CardIdentities } from './card-identities.ts';

/** Opens the card in `reader`, or else in the first reader with a card. */
export async function openCard(port: PcscPort, reader?: string): Promise<EidCard> {
  const readers = await port.readers().catch((error: unknown) => {
    throw toCardError(error);
  });
  if (readers.length === 0) throw new AppError('READER_NONE', 'the PC/SC service lists no reader');
  const target = reader ? readers.find((r) => r.name === reader) : (readers.find((r) => r.present) ?? readers[0]);
  if (!target) throw new AppError('READER_NONE', `no reader named "${reader}"`);
  if (!target.present) throw new AppError('CARD_NONE', `no card in ${target.name}`);
  return new CardIdentities(port).open(target.name);
}

const CERTIFICATES: readonly CertificateName[] = ['authentication', 'signature', 'ca', 'root', 'rrn'];

/** The whole card without a PIN, personal data redacted unless `showPersonalData`. */
export async function cardReport(eid: EidCard, showPersonalData: boolean): Promise<Record<string, unknown>> {
  const info = eid.info();
  const identity = await eid.readIdentity();
  const address = await eid.readAddress();
  const photo = await eid.readPhoto();
  const signatures = await eid.verifyDataSignatures();
  const certificates: Record<string, (CertificateInfo & { present: true }) | { present: false } | { present: true; error: string }> = {};
  for (const name of CERTIFICATES) {
    const der = await eid.readCertificate(name);
    if (!der) certificates[name] = { present: false };
    else {
      const described = describeCertificate(der);
      certificates[name] = described.ok ? { present: true, ...redactCertificate(described.value, showPersonalData) } : { present: true, error: described.error.message };
    }
  }
  const pin = await eid.pinStatus();
  return {
    reader: eid.connection.reader,
    atr: info.atr,
    applet: info.applet,
    chipNumber: info.chipNumber,
    identity: showPersonalData ? identity : { ...identity, nationalNumber: REDACTED, ...(identity.dateOfBirth ? { dateOfBirth: REDACTED } : {}) },
    address: showPersonalData ? address : REDACTED,
    photo: {
      size: photo.length,
      hashCheck: signatures.photo,
      ...(showPersonalData ? { jpegBase64: Buffer.from(photo).toString('base64') } : {}),
    },
    dataSignatures: signatures,
    certificates,
    pin: { triesLeft: pin.triesLeft, blocked: pin.blocked },
  };
}

function redactCertificate(info: CertificateInfo, show: boolean): CertificateInfo {
  if (show || !info.holder.serialNumber) return info;
  const hide = (text: string) => text.replace(/((?:2\.5\.4\.5|serialNumber)=)\d+/g, `$1${REDACTED}`);
  return { ...info, subject: hide(info.subject), holder: { ...info.holder, serialNumber: REDACTED } };
}

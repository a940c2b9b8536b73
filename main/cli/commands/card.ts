// `eid-companion card [--reader NAME] [--show-personal-data] [--json]`: reads the whole card (no PIN):
// applet, chip number, identity, address, photo, data-signature checks, certificates, PIN tries left.
// Personal data (national number, birth date, address, photo) stays redacted unless asked for.
import { parseArgs } from 'node:util';
import { AppError } from '../../../src/contract/errors.ts';
import type { PcscPort } from '../../../src/pcsc/port.ts';
import { toCardError } from '../../../src/card/card-errors.ts';
import { openEidCard, type CertificateName, type EidCard } from '../../../src/card/eid-card.ts';
import { describeCertificate, type CertificateInfo } from '../../../src/card/certificate-info.ts';
import { EXIT, type CliIo } from '../io.ts';
import { fail, printJson, printText, REDACTED } from '../format-output.ts';
import { machinePort, type PortFactory } from '../card-port.ts';

const HELP = `Usage: eid-companion card [--reader NAME] [--show-personal-data] [--json]
Reads the Belgian eID card in the reader (no PIN needed) and checks its data signatures.
National number, birth date, address and photo are redacted unless --show-personal-data is given.`;

const CERTIFICATES: readonly CertificateName[] = ['authentication', 'signature', 'ca', 'root', 'rrn'];

export async function cardReport(eid: EidCard, reader: string, showPersonalData: boolean): Promise<Record<string, unknown>> {
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
    reader,
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

export async function runCard(argv: string[], io: CliIo, createPort: PortFactory): Promise<number> {
  let values: { json?: boolean; reader?: string; 'show-personal-data'?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, reader: { type: 'string' }, 'show-personal-data': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const json = values.json ?? false;
  let port: PcscPort | null = null;
  let eid: EidCard | null = null;
  try {
    port = await createPort();
    const readers = await port.readers().catch((error: unknown) => {
      throw toCardError(error);
    });
    if (readers.length === 0) throw new AppError('READER_NONE', 'the PC/SC service lists no reader');
    const target = values.reader ? readers.find((r) => r.name === values.reader) : (readers.find((r) => r.present) ?? readers[0]);
    if (!target) throw new AppError('READER_NONE', `no reader named "${values.reader}"`);
    if (!target.present) throw new AppError('CARD_NONE', `no card in ${target.name}`);
    const connection = await port.connect(target.name).catch((error: unknown) => {
      throw toCardError(error);
    });
    eid = await openEidCard(connection, { platform: port.platform }).catch(async (error: unknown) => {
      await connection.disconnect('leave').catch(() => undefined);
      throw error;
    });
    const report = await cardReport(eid, target.name, values['show-personal-data'] ?? false);
    if (json) printJson(io, report);
    else printText(io, report);
    return EXIT.ok;
  } catch (error) {
    return fail(io, toCardError(error), json);
  } finally {
    await eid?.close().catch(() => undefined);
    await port?.close();
  }
}

export const run = (argv: string[], io: CliIo): Promise<number> => runCard(argv, io, machinePort);

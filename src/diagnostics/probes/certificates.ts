// The card's certificates: validity today, and the chain authentication → citizen CA → a trusted
// Belgian root (the roots bundled with the app; the card's own root copy is not trusted by itself).
import { X509Certificate } from 'node:crypto';
import type { Finding } from '../../contract/diagnosis.ts';
import { finding, skipped, type Probe } from '../context.ts';
import type { Redactor } from '../redactor.ts';
import { errorName } from './card.ts';

const EXPIRY_WARNING_DAYS = 30;

function parse(der: Uint8Array | null): X509Certificate | null {
  if (!der) return null;
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}

/** Subject names and serial number hold the holder's name and national number. */
function registerSubject(redactor: Redactor, cert: X509Certificate): void {
  for (const line of cert.subject.split('\n')) {
    const [attr, ...rest] = line.split('=');
    const value = rest.join('=');
    if (attr === 'CN') redactor.add(value.replace(/\s*\((Authentication|Signature)\)\s*$/, ''));
    if (attr === 'SN' || attr === 'GN') redactor.add(value, { eachWord: true });
    if (attr === 'serialNumber') redactor.add(value);
  }
}

export function validityFinding(certs: readonly { use: string; cert: X509Certificate }[], now: Date): Finding {
  const day = 86_400_000;
  for (const { use, cert } of certs) {
    const from = new Date(cert.validFrom);
    const to = new Date(cert.validTo);
    if (now < from) return finding('certValidity', 'fail', 'notYetValid', from.toISOString(), { use, date: from.toISOString().slice(0, 10) });
    if (now > to) return finding('certValidity', 'fail', 'expired', to.toISOString(), { use, date: to.toISOString().slice(0, 10) });
  }
  const first = certs[0];
  if (!first) return finding('certValidity', 'fail', 'none');
  const until = new Date(first.cert.validTo);
  const days = Math.floor((until.getTime() - now.getTime()) / day);
  return finding('certValidity', days < EXPIRY_WARNING_DAYS ? 'warn' : 'pass', days < EXPIRY_WARNING_DAYS ? 'expiresSoon' : 'valid', until.toISOString(), {
    date: until.toISOString().slice(0, 10),
    days,
  });
}

export function chainFinding(leaf: X509Certificate, ca: X509Certificate | null, roots: readonly X509Certificate[]): Finding {
  if (roots.length === 0) return finding('certChain', 'skip', 'noRoots');
  if (!ca || !leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return finding('certChain', 'fail', 'caMismatch', ca?.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? null);
  const root = roots.find((r) => ca.checkIssued(r) && ca.verify(r.publicKey));
  const caName = ca.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? '';
  if (!root) return finding('certChain', 'fail', 'untrusted', caName, { ca: caName });
  const rootName = root.subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? '';
  return finding('certChain', 'pass', 'trusted', `${caName} → ${rootName}`, { ca: caName, root: rootName });
}

export const certificatesProbe: Probe = {
  id: 'certificates',
  async run({ deps, state, redactor }) {
    const { connection, identification } = state;
    if (!connection || identification?.kind !== 'belgian-eid') return skipped(['certValidity', 'certChain'], 'noEid');
    let read;
    try {
      read = await deps.card.readCertificates(connection);
    } catch (error) {
      return [finding('certValidity', 'fail', 'unreadable', errorName(error)), ...skipped(['certChain'], 'certUnreadable')];
    }
    const auth = parse(read.authentication);
    const sign = parse(read.signature);
    for (const cert of [auth, sign]) if (cert) registerSubject(redactor, cert);
    if (!auth) return [finding('certValidity', 'fail', 'unreadable', 'authentication'), ...skipped(['certChain'], 'certUnreadable')];
    const used = [{ use: 'authentication', cert: auth }, ...(sign ? [{ use: 'signature', cert: sign }] : [])];
    const roots = deps.trustedRoots.map((pem) => parse(new TextEncoder().encode(pem))).filter((r): r is X509Certificate => r !== null);
    return [validityFinding(used, deps.now()), chainFinding(auth, parse(read.ca), roots)];
  },
};

// `npm run trust:fetch`, the logic: download each official root, check its fingerprint against the pins,
// and write the set only when every source delivered a pinned certificate. Downloading and writing are
// passed in, so the tests run offline on the reference certificates.
import { parseCertificateFile } from './certificate-file.ts';
import { pinForFingerprint, type RootPinId } from './pins.ts';
import type { RootSource } from './sources.ts';

export interface FetchAnchorsDeps {
  readonly sources: readonly RootSource[];
  /** Resolves with the body of a successful response; rejects on network errors and non-2xx answers. */
  readonly download: (url: string) => Promise<Uint8Array>;
  /** Writes the verified set; called once, only when every source was accepted. */
  readonly write: (files: readonly { name: string; der: Uint8Array }[]) => Promise<void>;
}

export interface AcceptedRoot {
  readonly url: string;
  readonly pin: RootPinId;
  readonly sha256: string;
  readonly file: string;
}
export interface RefusedRoot {
  readonly url: string;
  readonly reason: string;
  readonly sha256?: string;
  readonly expected: readonly RootPinId[];
}
export interface MissingRoot {
  readonly url: string;
  readonly reason: string;
}

export interface FetchAnchorsReport {
  readonly ok: boolean;
  readonly accepted: readonly AcceptedRoot[];
  readonly refused: readonly RefusedRoot[];
  readonly missing: readonly MissingRoot[];
}

export async function fetchTrustAnchors(deps: FetchAnchorsDeps): Promise<FetchAnchorsReport> {
  const accepted: AcceptedRoot[] = [];
  const refused: RefusedRoot[] = [];
  const missing: MissingRoot[] = [];
  const files: { name: string; der: Uint8Array }[] = [];

  for (const source of deps.sources) {
    let bytes: Uint8Array;
    try {
      bytes = await deps.download(source.url);
    } catch (cause) {
      missing.push({ url: source.url, reason: cause instanceof Error ? cause.message : String(cause) });
      continue;
    }
    const parsed = parseCertificateFile(bytes);
    if (!parsed.ok) {
      refused.push({ url: source.url, reason: `not a single certificate (${parsed.error.kind})`, expected: source.accepts });
      continue;
    }
    const { sha256, der } = parsed.value;
    const pin = pinForFingerprint(sha256);
    if (pin === undefined || !source.accepts.includes(pin.id)) {
      refused.push({ url: source.url, reason: 'fingerprint does not match the pin', sha256, expected: source.accepts });
      continue;
    }
    const file = `${pin.id}.crt`;
    accepted.push({ url: source.url, pin: pin.id, sha256, file });
    files.push({ name: file, der });
  }

  const ok = refused.length === 0 && missing.length === 0 && accepted.length > 0;
  if (ok) await deps.write(files);
  return { ok, accepted, refused, missing };
}

/** The report as the script prints it: one line per source, then the verdict. */
export function formatFetchReport(report: FetchAnchorsReport): string[] {
  const lines = [
    ...report.accepted.map((a) => `ok       ${a.pin}  ${a.sha256}  ${a.url} -> ${a.file}`),
    ...report.refused.map((r) => `REFUSED  ${r.url}: ${r.reason}${r.sha256 ? ` (got ${r.sha256}, expected ${r.expected.join(' or ')})` : ''}`),
    ...report.missing.map((m) => `MISSING  ${m.url}: ${m.reason}`),
  ];
  lines.push(report.ok
    ? `trust anchors written: ${report.accepted.length} pinned roots`
    : `trust anchors NOT written: ${report.refused.length} refused, ${report.missing.length} missing`);
  return lines;
}

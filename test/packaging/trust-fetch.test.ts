// `npm run trust:fetch` offline: a fake repository serves the reference copies of the Belgian roots.
import { describe, expect, it } from 'vitest';
import { fetchTrustAnchors, formatFetchReport, OFFICIAL_ROOT_SOURCES, parseCertificateFile, type RootSource } from '../../src/trust/index.ts';
import { readReference, referenceAvailable, REFERENCE_MISSING } from '../support/reference.ts';
import { runTrustFetch } from '../../scripts/trust-fetch.ts';

const served: Record<string, string> = {
  'https://certs.eid.belgium.be/belgiumrca2.crt': 'belgiumrca2.pem',
  'https://certs.eid.belgium.be/belgiumrca3.crt': 'belgiumrca3.pem',
  'https://certs.eid.belgium.be/belgiumrca4.crt': 'belgiumrca4b.pem',
  'https://crt.eidpki.belgium.be/eid/brca6.crt': 'belgiumrca6.pem',
};

function der(file: string): Uint8Array {
  const parsed = parseCertificateFile(readReference('pki', file));
  if (!parsed.ok) throw new Error(`cannot parse ${file}`);
  return parsed.value.der;
}

/** A fake repository: serves DER like the official one, with per-URL overrides. */
function repository(overrides: Record<string, Uint8Array | Error> = {}) {
  const requested: string[] = [];
  const download = async (url: string): Promise<Uint8Array> => {
    requested.push(url);
    const override = overrides[url];
    if (override instanceof Error) throw override;
    if (override) return override;
    const file = served[url];
    if (!file) throw new Error('HTTP 404');
    return der(file);
  };
  return { download, requested };
}

function collector() {
  const written: { name: string; der: Uint8Array }[][] = [];
  return { written, write: async (files: readonly { name: string; der: Uint8Array }[]) => void written.push([...files]) };
}

describe('official sources', () => {
  it('are HTTPS and cover every pin', () => {
    for (const source of OFFICIAL_ROOT_SOURCES) expect(new URL(source.url).protocol).toBe('https:');
    expect(new Set(OFFICIAL_ROOT_SOURCES.flatMap((s) => s.accepts)).size).toBe(5);
  });
});

describe.skipIf(!referenceAvailable)(`fetchTrustAnchors${referenceAvailable ? '' : ` (${REFERENCE_MISSING})`}`, () => {
  it('accepts matching fingerprints and writes the set once', async () => {
    const repo = repository();
    const out = collector();
    const report = await fetchTrustAnchors({ sources: OFFICIAL_ROOT_SOURCES, download: repo.download, write: out.write });
    expect(report.ok).toBe(true);
    expect(report.accepted.map((a) => a.pin)).toEqual(['belgium-root-ca2', 'belgium-root-ca3', 'belgium-root-ca4b', 'belgium-root-ca6']);
    expect(repo.requested).toEqual(OFFICIAL_ROOT_SOURCES.map((s) => s.url));
    expect(out.written).toHaveLength(1);
    expect(out.written[0]?.map((f) => f.name)).toEqual(['belgium-root-ca2.crt', 'belgium-root-ca3.crt', 'belgium-root-ca4b.crt', 'belgium-root-ca6.crt']);
  });

  it('accepts PEM answers and either issue of CA4 at the CA4 address', async () => {
    const ca4 = OFFICIAL_ROOT_SOURCES.filter((s) => s.accepts.includes('belgium-root-ca4'));
    const repo = repository({ [ca4[0]!.url]: readReference('pki', 'belgiumrca4.pem') });
    const report = await fetchTrustAnchors({ sources: ca4, download: repo.download, write: collector().write });
    expect(report.accepted.map((a) => a.pin)).toEqual(['belgium-root-ca4']);
  });

  it('refuses a tampered certificate and writes nothing', async () => {
    const tampered = Buffer.from(der('belgiumrca3.pem'));
    tampered[200] = (tampered[200] ?? 0) ^ 0xff;
    const url = 'https://certs.eid.belgium.be/belgiumrca3.crt';
    const out = collector();
    const report = await fetchTrustAnchors({ sources: OFFICIAL_ROOT_SOURCES, download: repository({ [url]: tampered }).download, write: out.write });
    expect(report.ok).toBe(false);
    expect(report.refused).toHaveLength(1);
    expect(report.refused[0]?.url).toBe(url);
    expect(out.written).toEqual([]);
    expect(formatFetchReport(report).join('\n')).toMatch(/REFUSED {2}https:\/\/certs\.eid\.belgium\.be\/belgiumrca3\.crt/);
  });

  it('refuses a genuine but wrong root at an address (CA3 served where CA6 belongs)', async () => {
    const url = 'https://crt.eidpki.belgium.be/eid/brca6.crt';
    const report = await fetchTrustAnchors({ sources: OFFICIAL_ROOT_SOURCES, download: repository({ [url]: der('belgiumrca3.pem') }).download, write: collector().write });
    expect(report.refused.map((r) => [r.url, r.expected])).toEqual([[url, ['belgium-root-ca6']]]);
  });

  it('refuses an HTML error page served with status 200', async () => {
    const url = 'https://certs.eid.belgium.be/belgiumrca2.crt';
    const report = await fetchTrustAnchors({ sources: OFFICIAL_ROOT_SOURCES, download: repository({ [url]: Buffer.from('<html>moved</html>') }).download, write: collector().write });
    expect(report.refused[0]?.reason).toMatch(/not a single certificate/);
  });

  it('reports a missing certificate and fails', async () => {
    const url = 'https://crt.eidpki.belgium.be/eid/brca6.crt';
    const out = collector();
    const report = await fetchTrustAnchors({ sources: OFFICIAL_ROOT_SOURCES, download: repository({ [url]: new Error('HTTP 404') }).download, write: out.write });
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual([{ url, reason: 'HTTP 404' }]);
    expect(out.written).toEqual([]);
    expect(formatFetchReport(report).at(-1)).toBe('trust anchors NOT written: 0 refused, 1 missing');
  });

  it('the script exits 0 when all match and 1 otherwise, printing the report', async () => {
    const lines: string[] = [];
    const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) };
    expect(await runTrustFetch({ download: repository().download, write: collector().write, io, sources: OFFICIAL_ROOT_SOURCES })).toBe(0);
    const broken: RootSource[] = [{ url: 'https://example.invalid/none.crt', accepts: ['belgium-root-ca6'] }];
    expect(await runTrustFetch({ download: repository().download, write: collector().write, io, sources: broken })).toBe(1);
    expect(lines.join('\n')).toContain('MISSING  https://example.invalid/none.crt');
  });
});

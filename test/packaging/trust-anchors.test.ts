// The pins and the loader: the reference copies of the Belgian roots (../shared/reference/pki) match the
// pins; anything else is refused; test roots only get in through the explicit non-production option.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appAnchorDirectory,
  BELGIAN_ROOT_PINS,
  describeTrustAnchorError,
  loadTrustAnchorDirectory,
  loadTrustAnchors,
  parseCertificateFile,
  sha256Hex,
  type AnchorFile,
} from '../../src/trust/index.ts';
import { readReference, referenceAvailable, REFERENCE_MISSING } from '../support/reference.ts';
import { createTestPki } from '../../src/virtual-card/index.ts';
import { makeTestPki } from './openssl-pki.ts';

const REFERENCE_ROOTS = {
  'belgium-root-ca2': 'belgiumrca2.pem',
  'belgium-root-ca3': 'belgiumrca3.pem',
  'belgium-root-ca4': 'belgiumrca4.pem',
  'belgium-root-ca4b': 'belgiumrca4b.pem',
  'belgium-root-ca6': 'belgiumrca6.pem',
} as const;

function referenceRoot(file: string): AnchorFile {
  return { name: file, bytes: readReference('pki', file) };
}

describe('pins', () => {
  it('are five distinct lower-case SHA-256 fingerprints with distinct ids', () => {
    expect(new Set(BELGIAN_ROOT_PINS.map((p) => p.sha256)).size).toBe(BELGIAN_ROOT_PINS.length);
    expect(new Set(BELGIAN_ROOT_PINS.map((p) => p.id)).size).toBe(BELGIAN_ROOT_PINS.length);
    for (const pin of BELGIAN_ROOT_PINS) expect(pin.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  describe.skipIf(!referenceAvailable)(`against the reference certificates${referenceAvailable ? '' : ` (${REFERENCE_MISSING})`}`, () => {
    it.each(Object.entries(REFERENCE_ROOTS))('%s is the SHA-256 of %s, with the pinned name and expiry', (id, file) => {
      const pin = BELGIAN_ROOT_PINS.find((p) => p.id === id);
      const parsed = parseCertificateFile(readReference('pki', file));
      if (!parsed.ok) throw new Error(`cannot parse ${file}`);
      expect(parsed.value.sha256).toBe(pin?.sha256);
      expect(parsed.value.certificate.subject).toContain(`CN=${pin?.commonName}`);
      expect(new Date(parsed.value.certificate.validTo).toISOString()).toBe(new Date(pin?.notAfter ?? '').toISOString());
    });

    it('CA4 and CA4b are the same key re-issued (same subject and public key, different certificate)', () => {
      const a = new X509Certificate(readReference('pki', 'belgiumrca4.pem'));
      const b = new X509Certificate(readReference('pki', 'belgiumrca4b.pem'));
      expect(a.subject).toBe(b.subject);
      expect(a.publicKey.export({ type: 'spki', format: 'der' })).toEqual(b.publicKey.export({ type: 'spki', format: 'der' }));
      expect(a.fingerprint256).not.toBe(b.fingerprint256);
    });
  });
});

describe('parseCertificateFile', () => {
  it('reads PEM and DER alike and is total on garbage', () => {
    const { rootPem } = makeTestPki();
    const pem = parseCertificateFile(rootPem);
    expect(pem.ok).toBe(true);
    if (!pem.ok) return;
    const der = parseCertificateFile(pem.value.der);
    expect(der.ok && der.value.sha256).toBe(sha256Hex(pem.value.der));
    expect(parseCertificateFile(new Uint8Array())).toEqual({ ok: false, error: { kind: 'empty' } });
    expect(parseCertificateFile(Buffer.from('<html>404</html>')).ok).toBe(false);
    expect(parseCertificateFile(Buffer.from([0x30, 0x82, 0x01])).ok).toBe(false);
    expect(parseCertificateFile(Buffer.concat([pem.value.der, Buffer.from([0])])).ok).toBe(false);
    expect(parseCertificateFile(Buffer.concat([rootPem, rootPem]))).toEqual({ ok: false, error: { kind: 'several-certificates', count: 2 } });
  });
});

describe.skipIf(!referenceAvailable)(`loadTrustAnchors${referenceAvailable ? '' : ` (${REFERENCE_MISSING})`}`, () => {
  it('accepts every pinned root, in production', () => {
    const result = loadTrustAnchors(Object.values(REFERENCE_ROOTS).map(referenceRoot), { mode: 'production' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.anchors.map((a) => a.id).sort()).toEqual(Object.keys(REFERENCE_ROOTS).sort());
  });

  it('refuses an unpinned certificate, even a genuine Belgian issuing CA, and refuses the whole set with it', () => {
    const result = loadTrustAnchors([referenceRoot('belgiumrca6.pem'), referenceRoot('citizenca-202002.pem')], { mode: 'production' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ kind: 'unpinned', source: 'citizenca-202002.pem' });
    expect(describeTrustAnchorError(result.errors[0]!)).toContain('is not a pinned Belgian root');
  });

  it('refuses a tampered copy of a pinned root', () => {
    const parsed = parseCertificateFile(readReference('pki', 'belgiumrca6.pem'));
    if (!parsed.ok) throw new Error('cannot parse CA6');
    const tampered = Buffer.from(parsed.value.der);
    tampered[tampered.length - 10] = (tampered[tampered.length - 10] ?? 0) ^ 0x01;
    const result = loadTrustAnchors([{ name: 'ca6.crt', bytes: tampered }], { mode: 'production' });
    expect(result.ok).toBe(false);
  });

  it('takes the virtual card test root only through the explicit option, never in production', () => {
    const { rootPem, leafPem } = makeTestPki();
    const asFile = loadTrustAnchors([{ name: 'test-root.pem', bytes: rootPem }], { mode: 'development' });
    expect(asFile.ok).toBe(false);

    const production = loadTrustAnchors([referenceRoot('belgiumrca6.pem')], { mode: 'production', testRoots: [{ name: 'test-root.pem', bytes: rootPem }] });
    expect(production).toEqual({ ok: false, errors: [{ kind: 'test-roots-in-production', sources: ['test-root.pem'] }] });

    const test = loadTrustAnchors([referenceRoot('belgiumrca6.pem')], { mode: 'test', testRoots: [{ name: 'test-root.pem', bytes: rootPem }] });
    expect(test.ok && test.anchors.map((a) => a.id)).toEqual(['belgium-root-ca6', 'test-root']);

    const notARoot = loadTrustAnchors([], { mode: 'test', testRoots: [{ name: 'leaf.pem', bytes: leafPem }] });
    expect(notARoot.ok || notARoot.errors[0]?.kind).toBe('test-root-not-self-signed');
  });

  it('refuses an empty set', () => {
    expect(loadTrustAnchors([], { mode: 'production' })).toEqual({ ok: false, errors: [{ kind: 'no-anchors' }] });
  });

  it('reads a folder and refuses a stray file in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anchors-'));
    try {
      writeFileSync(join(dir, 'belgium-root-ca3.crt'), readReference('pki', 'belgiumrca3.pem'));
      writeFileSync(join(dir, '.gitignore'), '*\n');
      expect((await loadTrustAnchorDirectory(dir, { mode: 'production' })).ok).toBe(true);
      writeFileSync(join(dir, 'extra.crt'), readReference('pki', 'foreignerca-202001.pem'));
      const result = await loadTrustAnchorDirectory(dir, { mode: 'production' });
      expect(result.ok || result.errors.map((e) => e.kind)).toEqual(['unpinned']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the virtual card’s exported test root', () => {
  it('is trusted only through the explicit test option, never as an anchor file, never in production', async () => {
    const pki = await createTestPki({ seed: 'trust-anchor-test' });
    const root = { name: 'virtual-card-root.pem', bytes: Buffer.from(pki.trustPem.root) };
    const test = loadTrustAnchors([], { mode: 'test', testRoots: [root] });
    expect(test.ok && test.anchors.map((a) => [a.id, a.certificate.subject])).toEqual([['test-root', expect.stringContaining('CN=Vivium eID Test Root CA')]]);
    expect(loadTrustAnchors([root], { mode: 'test' }).ok).toBe(false);
    expect(loadTrustAnchors([], { mode: 'production', testRoots: [root] }).ok).toBe(false);
    // Its citizen CA is not a root: refused even as a test root.
    const ca = loadTrustAnchors([], { mode: 'development', testRoots: [{ name: 'ca.pem', bytes: Buffer.from(pki.trustPem.citizenCa) }] });
    expect(ca.ok || ca.errors[0]?.kind).toBe('test-root-not-self-signed');
  });
});

describe('appAnchorDirectory', () => {
  it('is the packaged resource, or build/trust-anchors in a checkout', () => {
    expect(appAnchorDirectory({ isPackaged: true, resourcesPath: '/opt/app/resources', projectRoot: '/src' })).toBe(join('/opt/app/resources', 'trust-anchors'));
    expect(appAnchorDirectory({ isPackaged: false, resourcesPath: '/x', projectRoot: '/src' })).toBe(join('/src', 'build', 'trust-anchors'));
  });
});

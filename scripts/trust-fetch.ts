// npm run trust:fetch — downloads the Belgian root CAs from the official repositories into
// build/trust-anchors/ (packaged as the app's `trust-anchors` resource), refusing any certificate whose
// SHA-256 is not the pinned one. Exit 0 only when every source delivered its pinned root.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchTrustAnchors, formatFetchReport, OFFICIAL_ROOT_SOURCES, type RootSource } from '../src/trust/index.ts';

export const TRUST_ANCHOR_DIR = resolve(import.meta.dirname, '../build/trust-anchors');
const DOWNLOAD_TIMEOUT_MS = 20_000;
const MAX_BYTES = 64 * 1024;

export interface TrustFetchDeps {
  readonly sources: readonly RootSource[];
  readonly download: (url: string) => Promise<Uint8Array>;
  readonly write: (files: readonly { name: string; der: Uint8Array }[]) => Promise<void>;
  readonly io: { out: (text: string) => void; err: (text: string) => void };
}

export async function runTrustFetch(deps: TrustFetchDeps): Promise<number> {
  const report = await fetchTrustAnchors(deps);
  const lines = formatFetchReport(report);
  for (const line of lines.slice(0, -1)) deps.io.out(line);
  (report.ok ? deps.io.out : deps.io.err)(lines.at(-1) ?? '');
  return report.ok ? 0 : 1;
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' }).catch((error: unknown) => {
    // undici says only "fetch failed"; the reason (DNS, refused, TLS, timeout) is in its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    throw new Error(`${error instanceof Error ? error.message : String(error)}${cause}`);
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > MAX_BYTES) throw new Error(`answer of ${body.length} bytes is too large for a certificate`);
  return body;
}

/** Replaces the previous set entirely, so a root removed from the pins cannot linger in a build. */
async function writeAnchors(files: readonly { name: string; der: Uint8Array }[]): Promise<void> {
  await mkdir(TRUST_ANCHOR_DIR, { recursive: true });
  for (const name of await readdir(TRUST_ANCHOR_DIR)) {
    if (name.endsWith('.crt')) await rm(join(TRUST_ANCHOR_DIR, name));
  }
  for (const file of files) await writeFile(join(TRUST_ANCHOR_DIR, file.name), file.der);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io = {
    out: (text: string) => void process.stdout.write(`${text}\n`),
    err: (text: string) => void process.stderr.write(`${text}\n`),
  };
  process.exitCode = await runTrustFetch({ sources: OFFICIAL_ROOT_SOURCES, download, write: writeAnchors, io });
}

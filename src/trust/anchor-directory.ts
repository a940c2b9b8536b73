// Reads a folder of anchor certificates (the build's `trust-anchors` resource, or the server's configured
// folder) and hands them to the loader. Every file in the folder is an anchor candidate: a stray file is
// refused by the loader instead of being silently skipped.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTrustAnchors, type AnchorFile, type LoadTrustAnchorsOptions, type TrustAnchorResult } from './anchors.ts';

// Files the build writes next to the certificates and that are not certificates.
const NOT_CERTIFICATES = new Set(['.gitignore', 'README.md', 'manifest.json']);

export async function readAnchorFiles(directory: string): Promise<AnchorFile[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isFile() && !NOT_CERTIFICATES.has(entry.name))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(directory, name)) })));
}

export async function loadTrustAnchorDirectory(directory: string, options: LoadTrustAnchorsOptions): Promise<TrustAnchorResult> {
  return loadTrustAnchors(await readAnchorFiles(directory), options);
}

/** Where the app finds its anchors: the packaged `trust-anchors` resource, or build/trust-anchors in a checkout. */
export function appAnchorDirectory(where: { readonly isPackaged: boolean; readonly resourcesPath: string; readonly projectRoot: string }): string {
  return where.isPackaged ? join(where.resourcesPath, 'trust-anchors') : join(where.projectRoot, 'build', 'trust-anchors');
}

/**
 * The certificates (PEM) of a build's trust anchors folder, for the diagnosis's chain check: none when
 * the folder is absent (a development checkout before `npm run trust:fetch`) or refused by the loader.
 */
export async function bundledRootCertificates(directory: string): Promise<string[]> {
  if (!existsSync(directory)) return [];
  const result = await loadTrustAnchorDirectory(directory, { mode: 'production' });
  return result.ok ? result.anchors.map((anchor) => anchor.certificate.toString()) : [];
}

// Is our Electron still supported? Electron supports the latest three stable majors; security fixes stop
// for anything older, so CI (.ci/run) and every release fail this check on an older major.
// `npx tsx scripts/electron-support.ts`: compares node_modules/electron with the registry's `latest`
// (`npm view`, so npm's registry settings apply). Without the registry there is no answer, and the
// check fails saying so rather than passing unchecked: CI needs the registry for `npm ci` anyway.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SUPPORTED_MAJORS = 3;

export type ElectronSupport =
  | { readonly ok: true; readonly installed: number; readonly latest: number }
  | { readonly ok: false; readonly message: string };

function major(version: string): number | undefined {
  const match = /^\^?~?(\d+)\./.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

export function electronSupport(installedVersion: string, latestVersion: string): ElectronSupport {
  const installed = major(installedVersion);
  const latest = major(latestVersion);
  if (installed === undefined || latest === undefined) {
    return { ok: false, message: `cannot read Electron versions (installed ${installedVersion}, latest ${latestVersion})` };
  }
  if (installed <= latest - SUPPORTED_MAJORS) {
    return { ok: false, message: `Electron ${installed} is no longer supported (latest is ${latest}; supported: ${latest - SUPPORTED_MAJORS + 1}–${latest}). Upgrade one major at a time.` };
  }
  return { ok: true, installed, latest };
}

function latestElectron(): { ok: true; version: string } | { ok: false; message: string } {
  try {
    return { ok: true, version: execFileSync('npm', ['view', 'electron', 'version', '--fetch-retries=1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).trim() };
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.split('\n').find((line) => line.trim() !== '') ?? (error as Error).message;
    return { ok: false, message: `cannot tell whether Electron is supported: the npm registry did not answer the latest Electron version (${reason.trim()})` };
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = resolve(import.meta.dirname, '..');
  const pkg = JSON.parse(readFileSync(resolve(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
  const latest = latestElectron();
  const verdict = latest.ok ? electronSupport(pkg.version, latest.version) : latest;
  if (verdict.ok) process.stdout.write(`Electron ${verdict.installed} is supported (latest ${verdict.latest})\n`);
  else process.stderr.write(`${verdict.message}\n`);
  process.exitCode = verdict.ok ? 0 : 1;
}

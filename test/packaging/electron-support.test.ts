// Attack: shipping (or merging) on an Electron major that no longer gets security fixes. The check CI runs
// (.ci/run) must fail then, and must fail too when it cannot ask the registry, rather than pass unchecked.
// The real script runs against a local npm registry that announces a chosen `latest`.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_MAJORS } from '../../scripts/electron-support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const installed = (JSON.parse(readFileSync(resolve(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const installedMajor = Number(installed.split('.')[0]);

let registry: Server;
let latest: string | null = null; // null: the registry knows no Electron (404)

beforeAll(async () => {
  registry = createServer((request, response) => {
    if (request.url?.replace(/^\//, '') !== 'electron' || latest === null) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
      return;
    }
    const version = latest;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      name: 'electron',
      'dist-tags': { latest: version },
      versions: { [version]: { name: 'electron', version, dist: { tarball: `http://127.0.0.1/electron-${version}.tgz`, shasum: '0'.repeat(40) } } },
      time: { [version]: '2026-01-01T00:00:00.000Z' },
    }));
  });
  await new Promise<void>((done) => registry.listen(0, '127.0.0.1', done));
});

afterAll(() => new Promise<void>((done) => registry.close(() => done())));

async function check(latestVersion: string | null): Promise<{ code: number; output: string }> {
  latest = latestVersion;
  const { port } = registry.address() as AddressInfo;
  const env = { ...process.env, npm_config_registry: `http://127.0.0.1:${port}/`, npm_config_cache: resolve(ROOT, 'node_modules/.cache/electron-support-test') };
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'scripts/electron-support.ts'], { cwd: ROOT, env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('attack: an Electron major out of support', () => {
  it('the installed Electron (npm ls electron) is one of the supported majors today', async () => {
    expect(installedMajor).toBeGreaterThanOrEqual(43);
    expect(await check(`${installedMajor}.0.0`)).toEqual({ code: 0, output: `Electron ${installedMajor} is supported (latest ${installedMajor})\n` });
  });

  it('CI fails once Electron has moved on three majors, and when the registry cannot say', async () => {
    const outOfSupport = await check(`${installedMajor + SUPPORTED_MAJORS}.0.0`);
    expect(outOfSupport.code).toBe(1);
    expect(outOfSupport.output).toContain(`Electron ${installedMajor} is no longer supported`);
    const unknown = await check(null);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('cannot tell whether Electron is supported');
  });

  it('.ci/run runs the check after installing', () => {
    const ci = readFileSync(resolve(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/npm ci[^\n]*\n(?:.*\n)*?npx tsx scripts\/electron-support\.ts/);
  });
});

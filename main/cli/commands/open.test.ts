// `eid-companion open URL` against a real web host (its socket, its token), a stand-in for Electron's
// second start, and no app at all.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceInstance, RUNTIME_DIR_ENV } from '../../app-instance.ts';
import { startWeb, type RunningWeb } from '../../web/index.ts';
import type { CliIo } from '../io.ts';
import { NO_APP_MESSAGE, run } from './open.ts';

function capture(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readStdin: async () => '', env };
  return { io, out, err };
}

const root = mkdtempSync(join(tmpdir(), 'cli-open-'));
const runtime = join(root, 'runtime');
const env = { [RUNTIME_DIR_ENV]: runtime };
let web: RunningWeb;

beforeAll(async () => {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>t</title>');
  const previous = process.env[RUNTIME_DIR_ENV];
  process.env[RUNTIME_DIR_ENV] = runtime;
  try {
    web = await startWeb({ backendUrl: 'http://127.0.0.1:9', origin: 'https://myvivium.example', pcsc: { kind: 'virtual', profile: '1.8', seed: 'cli-open' } }, { staticDir: join(root, 'dist'), announce: true });
  } finally {
    if (previous === undefined) delete process.env[RUNTIME_DIR_ENV];
    else process.env[RUNTIME_DIR_ENV] = previous;
  }
});
afterAll(async () => {
  await web?.stop();
});

describe('eid-companion open', () => {
  it('hands a link to the running web host, which opens the screen it asks for', async () => {
    const c = capture(env);
    expect(await run(['myvivium-eid://login?method=itsme&return=/contrats'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('handed to the eID Companion');
    expect(await web.services.dispatch('appLink.take', {})).toEqual({ ok: true, result: { request: { screen: 'itsme' } } });
  });

  it('refuses what is not a myvivium-eid: link before looking for the app', async () => {
    const c = capture(env);
    expect(await run(['https://evil.test/'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('Not a link the eID Companion takes (wrong-scheme)');
    expect(await run([], capture(env).io)).toBe(2);
  });

  it('passes on the app’s refusal', async () => {
    const c = capture(env);
    // An itsme result with no itsme login waiting in this app.
    expect(await run([`myvivium-eid://itsme-result?result=${'R'.repeat(43)}`], c.io)).toBe(1);
    expect(c.err.join('\n')).toContain('refused the link');
  });

  it('says so and exits 1 when no app runs, or the one that announced itself is gone', async () => {
    const empty = capture({ [RUNTIME_DIR_ENV]: join(root, 'nothing-here') });
    expect(await run(['myvivium-eid://login'], empty.io)).toBe(1);
    expect(empty.err).toEqual([NO_APP_MESSAGE]);
    const staleEnv = { [RUNTIME_DIR_ENV]: join(root, 'stale') };
    announceInstance({ kind: 'web', pid: 2 ** 22 + 12345, port: 9, token: 'x'.repeat(43) }, staleEnv);
    const stale = capture(staleEnv);
    expect(await run(['myvivium-eid://login'], stale.io)).toBe(1);
    expect(stale.err).toEqual([NO_APP_MESSAGE]);
  });

  it('hands the link to Electron as the argument of a second start', async () => {
    const electronEnv = { [RUNTIME_DIR_ENV]: join(root, 'electron') };
    const received = join(root, 'second-start.json');
    // Stands in for `electron main.mjs <link>`: the real second instance forwards argv and quits.
    const script = `require('node:fs').writeFileSync(${JSON.stringify(received)}, JSON.stringify(process.argv.slice(1)))`;
    announceInstance({ kind: 'electron', pid: process.pid, command: [process.execPath, '-e', script] }, electronEnv);
    const c = capture(electronEnv);
    expect(await run(['myvivium-eid://login?return=/x'], c.io)).toBe(0);
    expect(JSON.parse(readFileSync(received, 'utf8'))).toEqual(['myvivium-eid://login?return=/x']);
  });
});

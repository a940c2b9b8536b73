// `npm start` where the Electron binary is missing: Electron's own installer first (bounded, mirror
// and proxy honoured), the browser with the virtual card when that fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BUNDLE_FILES } from './app-paths.ts';
import { electronBinary, installerEnv, obtainElectron } from './electron-binary.ts';
import { start } from './start.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const installed = electronBinary();
if (installed) console.warn('The Electron binary is installed here: the `npm start` fallback test is skipped (npm start would open the real app).');

/** A port on which nothing listens: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('installerEnv', () => {
  it('turns on @electron/get\'s proxy support when a proxy is set, npm\'s settings included, and leaves it off otherwise', () => {
    expect(installerEnv({ https_proxy: 'http://proxy:3128', no_proxy: 'localhost' })).toMatchObject({ ELECTRON_GET_USE_PROXY: '1', HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost' });
    expect(installerEnv({ npm_config_proxy: 'http://npm-proxy:8080' })).toMatchObject({ ELECTRON_GET_USE_PROXY: '1', HTTPS_PROXY: 'http://npm-proxy:8080', HTTP_PROXY: 'http://npm-proxy:8080' });
    expect(installerEnv({ HTTPS_PROXY: 'http://a:1', npm_config_https_proxy: 'http://b:2' }).HTTPS_PROXY).toBe('http://a:1');
    expect(installerEnv({ ELECTRON_MIRROR: 'https://mirror.example/' })).toEqual({ ELECTRON_MIRROR: 'https://mirror.example/' });
  });
});

describe('obtainElectron', () => {
  it('gives up on an installer that does not finish in time, and names why', async () => {
    const packageDir = mkdtempSync(join(tmpdir(), 'electron-stuck-'));
    writeFileSync(join(packageDir, 'install.js'), 'setInterval(() => undefined, 1000);\n');
    const lines: string[] = [];
    const started = Date.now();
    const outcome = await obtainElectron({ packageDir, env: {}, timeoutMs: 300, log: (line) => lines.push(line) });
    expect(outcome).toEqual({ ok: false, reason: 'no answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines).toHaveLength(1);
  });

  it('does not download when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const packageDir = mkdtempSync(join(tmpdir(), 'electron-skip-'));
    writeFileSync(join(packageDir, 'install.js'), 'process.exit(1);\n');
    expect(await obtainElectron({ packageDir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, log: () => undefined })).toEqual({ ok: false, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' });
  });
});

describe.skipIf(installed !== null)('npm start without the Electron binary', () => {
  it('sends Electron\'s own installer through the configured proxy, to the configured mirror', async () => {
    // A proxy on loopback that records what it is asked for and refuses it (undici tunnels every request with CONNECT).
    const asked: string[] = [];
    const proxy = createHttpServer((request, response) => {
      asked.push(`${request.method} ${request.url}`);
      response.writeHead(502).end();
    });
    proxy.on('connect', (request: IncomingMessage, socket: Duplex) => {
      asked.push(`${request.method} ${request.url}`);
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://electron-mirror.invalid/', npm_config_proxy: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, electron_config_cache: mkdtempSync(join(tmpdir(), 'electron-cache-')) };
      for (const name of ['ELECTRON_SKIP_BINARY_DOWNLOAD', 'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) delete env[name];
      const outcome = await obtainElectron({ env, timeoutMs: 30_000, log: () => undefined });
      expect(outcome.ok).toBe(false);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked[0]).toBe('CONNECT electron-mirror.invalid:80');
    } finally {
      proxy.close();
    }
  }, 40_000);

  it('tries Electron\'s installer against an unreachable mirror, says so, and serves the app in the browser', async () => {
    const mirror = `http://127.0.0.1:${await closedPort()}/`;
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: mirror, electron_config_cache: mkdtempSync(join(tmpdir(), 'electron-cache-')) };
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    try {
      const address = await new Promise<string>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no address printed:\n${output}`)), 60_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          const url = output.match(/^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m)?.[1];
          if (url) {
            clearTimeout(timer);
            done(url);
          }
        };
        child.stdout!.on('data', read);
        child.stderr!.on('data', read);
        child.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${output}`)));
      });
      expect(output).toContain(`Downloading Electron once from ${mirror}`);
      expect(output).toMatch(/^Electron could not be installed \(.+\): starting the app in your browser with the virtual card instead\.$/m);
      expect(output).toContain('Virtual eID card: applet 1.8, PIN 1234');
      const page = await fetch(address);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }, 90_000);
});

describe('npm start with an installer that succeeds', () => {
  it('takes the Electron path: the installed binary runs the main bundle', async () => {
    // A stand-in electron package: its install.js "downloads" a binary that records how it was started.
    const packageDir = mkdtempSync(join(tmpdir(), 'electron-stand-in-'));
    const record = join(packageDir, 'record.json');
    writeFileSync(join(packageDir, 'install.js'), [
      "const fs = require('node:fs'); const path = require('node:path');",
      "fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });",
      `fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\necho "$@" > ${join(packageDir, 'argv.txt')}\\n', { mode: 0o755 });`,
      "fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');",
      `fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ mirror: process.env.ELECTRON_MIRROR, proxy: process.env.HTTPS_PROXY, useProxy: process.env.ELECTRON_GET_USE_PROXY }));`,
    ].join('\n'));
    const lines: string[] = [];
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'https://mirror.example/electron/', npm_config_https_proxy: 'http://proxy.example:3128' };
    delete env.HTTPS_PROXY;
    delete env.https_proxy;
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
    const code = await start({ packageDir, env, args: ['--stand-in'], log: (line) => lines.push(line) });
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^Downloading Electron once from https:\/\/mirror\.example\/electron\/ /);
    expect(lines.join('\n')).not.toContain('browser');
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({ mirror: 'https://mirror.example/electron/', proxy: 'http://proxy.example:3128', useProxy: '1' });
    expect(readFileSync(join(packageDir, 'argv.txt'), 'utf8').trim()).toBe(`${join(ROOT, 'dist/electron', BUNDLE_FILES.main)} --stand-in`);
  }, 60_000);
});

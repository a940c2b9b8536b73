// `eid-companion open URL`: hands a myvivium-eid: link to the eID Companion that runs on this computer,
// as the browser does when MyVivium's login page opens it (tests, support). The web host takes it over
// its local token-protected socket; Electron through its single-instance lock (a second start hands its
// arguments to the running app and quits). No app running: exit 1 and say so.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { parseAppLink } from '../../../src/contract/app-link.ts';
import { parseFrame, serverMessageSchema, WEB_BRIDGE_PATH, WEB_TOKEN_PARAM } from '../../../src/contract/wire.ts';
import { findInstance, type InstanceRecord } from '../../app-instance.ts';
import { EXIT, isUsageError, type CliCommand } from '../io.ts';

const HELP = `Usage: eid-companion open URL
Hands a myvivium-eid: link (e.g. myvivium-eid://login?return=/contrats) to the running eID Companion.`;
export const NO_APP_MESSAGE = 'No eID Companion is running on this computer: start it first (npm start, or npm run web), then try again.';
const ANSWER_TIMEOUT_MS = 15_000;

type Delivery = { ok: true } | { ok: false; message: string };

export const run: CliCommand = async (argv, io) => {
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (parsed.values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    positionals = parsed.positionals;
  } catch (error) {
    if (!isUsageError(error)) throw error;
    io.err(`${error.message}\n${HELP}`);
    return EXIT.usage;
  }
  const [link, ...extra] = positionals;
  if (!link || extra.length > 0) {
    io.err(HELP);
    return EXIT.usage;
  }
  const checked = parseAppLink(link);
  if (!checked.ok) {
    io.err(`Not a link the eID Companion takes (${checked.reason}): ${link.slice(0, 100)}`);
    return EXIT.usage;
  }
  const instance = findInstance(io.env);
  const delivery: Delivery = instance ? await deliver(instance, link) : { ok: false, message: NO_APP_MESSAGE };
  if (!delivery.ok) {
    io.err(delivery.message);
    return EXIT.failure;
  }
  io.out('The link was handed to the eID Companion.');
  return EXIT.ok;
};

function deliver(instance: InstanceRecord, link: string): Promise<Delivery> {
  return instance.kind === 'web' ? deliverToWebHost(instance.port, instance.token, link) : deliverToElectron(instance.command, link);
}

function deliverToWebHost(port: number, token: string, link: string): Promise<Delivery> {
  const origin = `http://127.0.0.1:${port}`;
  const address = `ws://127.0.0.1:${port}${WEB_BRIDGE_PATH}?${WEB_TOKEN_PARAM}=${encodeURIComponent(token)}`;
  return new Promise((resolve) => {
    const socket = new WebSocket(address, { origin });
    const finish = (delivery: Delivery) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(delivery);
    };
    const timer = setTimeout(() => finish({ ok: false, message: 'The eID Companion did not answer within 15 s.' }), ANSWER_TIMEOUT_MS);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'open-link', id: 1, link })));
    socket.on('message', (data) => {
      const message = parseFrame(serverMessageSchema, data.toString());
      if (message?.type !== 'result' || message.id !== 1) return;
      finish(message.response.ok ? { ok: true } : { ok: false, message: `The eID Companion refused the link: ${message.response.error.message}` });
    });
    // Refused or gone: the record outlived its app (or the token is not this run's).
    socket.on('error', () => finish({ ok: false, message: NO_APP_MESSAGE }));
    socket.on('unexpected-response', () => finish({ ok: false, message: NO_APP_MESSAGE }));
  });
}

function deliverToElectron(command: readonly string[], link: string): Promise<Delivery> {
  const [executable, ...args] = command;
  return new Promise((resolve) => {
    const child = spawn(executable!, [...args, link], { stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill();
      resolve({ ok: false, message: 'The eID Companion did not take the link within 15 s.' });
    }, ANSWER_TIMEOUT_MS);
    child.once('error', () => {
      clearTimeout(timer);
      resolve({ ok: false, message: NO_APP_MESSAGE });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? { ok: true } : { ok: false, message: `The eID Companion could not take the link (exit ${code}).` });
    });
  });
}

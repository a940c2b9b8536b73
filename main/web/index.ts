// `npm run web [-- --virtual-card 1.8|1.7] [--port N] [--backend URL] [--origin URL]`: the app in
// your browser. Prints the address to open (token included) on a line of its own.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Language } from '../../src/contract/index.ts';
import { isAppError } from '../../src/contract/index.ts';
import { announceInstance } from '../app-instance.ts';
import { forkCardWorker } from '../card-process/fork.ts';
import { resolveConfig, type CompanionConfig } from '../config.ts';
import { ensureRendererBuilt } from '../renderer-build.ts';
import { buildServices, type Services } from '../services.ts';
import { runtimeAnchorDirectory } from '../trust-anchor-location.ts';
import { startWebHost, type WebHost } from './host.ts';

export const RENDERER_DIST = resolve(import.meta.dirname, '../../renderer/dist');

export interface RunningWeb {
  readonly host: WebHost;
  readonly services: Services;
  /** Addresses the companion asked the OS to open (the web host only prints them). */
  readonly opened: string[];
  stop(): Promise<void>;
}

export interface StartWebOptions {
  readonly port?: number;
  readonly staticDir?: string;
  readonly token?: string;
  readonly log?: (line: string) => void;
  /** Announce this host (port, token) so `eid-companion open URL` can hand it links: `npm run web` and the demo. */
  readonly announce?: boolean;
}

/** Builds the companion and serves it; used by `npm run web`, `npm run demo` and the integration tests. */
export async function startWeb(config: CompanionConfig, options: StartWebOptions = {}): Promise<RunningWeb> {
  const opened: string[] = [];
  let language: Language = 'en';
  const log = options.log ?? (() => undefined);
  const services = buildServices(config, {
    spawnWorker: forkCardWorker,
    trustAnchorDirectory: runtimeAnchorDirectory(),
    openExternal: async (url) => {
      opened.push(url);
      log(`open in your browser: ${url}`);
    },
    language: { get: () => language, set: (l) => void (language = l) },
    // A browser page saves by itself (a download): { saved: false } tells the UI to do so.
    saveReport: async () => false,
    log: { info: (m) => log(m), warn: (m) => log(`warning: ${m}`) },
  });
  const host = await startWebHost({
    companion: services.companion,
    dispatch: services.dispatch,
    staticDir: options.staticDir ?? RENDERER_DIST,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.token ? { token: options.token } : {}),
    onLink: (link) => services.companion.receiveLink(link),
  });
  const withdraw = options.announce ? announceInstance({ kind: 'web', pid: process.pid, port: host.port, token: host.token }, process.env) : () => undefined;
  return {
    host,
    services,
    opened,
    async stop() {
      withdraw();
      await host.close();
      await services.stop();
    },
  };
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'virtual-card': { type: 'string' },
        port: { type: 'string' },
        backend: { type: 'string' },
        origin: { type: 'string' },
        'itsme-origin': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (values.help) {
    console.log('Usage: npm run web -- [--virtual-card 1.8|1.7] [--port N] [--backend URL] [--origin URL] [--itsme-origin URL]');
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('--port takes a number from 0 to 65535');
    return 2;
  }
  let config: CompanionConfig;
  try {
    config = resolveConfig({ backend: values.backend, origin: values.origin, virtualCard: values['virtual-card'], itsmeOrigin: values['itsme-origin'] }, process.env);
  } catch (error) {
    console.error(isAppError(error) ? error.message : String(error));
    return 2;
  }
  await ensureRendererBuilt((line) => console.log(line));
  const web = await startWeb(config, { port, announce: true, log: (line) => console.log(line) });
  console.log(`eID Companion (web host) — backend ${config.backendUrl}, origin ${config.origin}${config.pcsc.kind === 'virtual' ? `, virtual card ${config.pcsc.profile} (PIN 1234)` : ''}`);
  console.log('Open this address in your browser:');
  console.log(web.host.url);
  const stop = () => void web.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}

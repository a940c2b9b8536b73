// The one function that builds the companion from configuration and adapters. Electron, the web
// host and the CLI each call it with their own way of starting the card process, opening links and
// keeping the language; everything else is the same code.
import { createAuthToken } from '../src/auth/index.ts';
import { createBackendClient } from '../src/backend/client.ts';
import {
  createCompanion,
  createDispatch,
  type Companion,
  type CompanionDeps,
  type CompanionLog,
  type Dispatch,
  type UpdatesPort,
} from '../src/companion/index.ts';
import { AppError, type Language } from '../src/contract/index.ts';
import { startCardProcess, type CardProcess } from './card-process/client.ts';
import type { SpawnWorker } from './card-process/protocol.ts';
import { HELPDESK_EMAIL, ITSME_PRODUCTION_ORIGIN, type CompanionConfig } from './config.ts';
import { appLinks, isAllowedExternal, linkPolicy, type LinkPolicy } from './external-links.ts';

import { APP_VERSION, APP_VERSION_URL } from './version.ts';

// Kept exported here: the diagnose command imports it from services.ts.
export { APP_VERSION } from './version.ts';

export interface ServiceAdapters {
  readonly spawnWorker: SpawnWorker;
  /** Hands an allow-listed URL to the OS (Electron: shell.openExternal; web host: prints it). */
  readonly openExternal: (url: string) => Promise<void>;
  readonly language: { get(): Language; set(language: Language): void };
  readonly platform?: 'windows' | 'macos' | 'linux';
  readonly demo?: boolean;
  readonly log?: CompanionLog;
  readonly saveReport?: CompanionDeps['saveReport'];
  /** Electron: electron-updater (main/electron/app-updates.ts). The web host and the CLI leave it out: disabled, development. */
  readonly updates?: UpdatesPort;
  readonly backendTimeoutMs?: number;
  /** The app's trust anchors folder, handed to the card worker (its diagnosis checks chains against them). */
  readonly trustAnchorDirectory?: string;
}

export interface Services {
  readonly companion: Companion;
  readonly dispatch: Dispatch;
  readonly card: CardProcess;
  stop(): Promise<void>;
}

export function buildServices(config: CompanionConfig, adapters: ServiceAdapters): Services {
  const card = startCardProcess({ spawn: adapters.spawnWorker, config: { pcsc: config.pcsc, ...(adapters.trustAnchorDirectory ? { trustAnchorDirectory: adapters.trustAnchorDirectory } : {}) }, ...(adapters.log ? { log: adapters.log } : {}) });
  const backend = createBackendClient({
    baseUrl: config.backendUrl,
    origin: config.origin,
    ...(adapters.backendTimeoutMs ? { timeoutMs: adapters.backendTimeoutMs } : {}),
  });
  const policy = companionLinkPolicy(config);
  const companion = createCompanion({
    card,
    backend,
    origin: config.origin,
    createToken: (input) => createAuthToken(input),
    app: { version: APP_VERSION, versionUrl: APP_VERSION_URL, platform: adapters.platform ?? platformOf(process.platform), demo: adapters.demo ?? config.pcsc.kind === 'virtual' },
    language: adapters.language,
    openExternal: async (url) => {
      if (!isAllowedExternal(url, policy)) {
        adapters.log?.warn('refused to open an address outside the allow-list');
        throw new AppError('INVALID_ARGUMENT', 'this address may not be opened');
      }
      await adapters.openExternal(url);
    },
    links: appLinks(config.origin, HELPDESK_EMAIL),
    helpdeskEmail: HELPDESK_EMAIL,
    backendUrl: config.backendUrl,
    ...(adapters.saveReport ? { saveReport: adapters.saveReport } : {}),
    ...(adapters.updates ? { updates: adapters.updates } : {}),
    ...(adapters.log ? { log: adapters.log } : {}),
  });
  return {
    companion,
    dispatch: createDispatch(companion, adapters.log),
    card,
    async stop() {
      companion.dispose();
      await card.stop();
    },
  };
}

/** Where the browser may be sent: MyVivium, the backend's handoff portal, the itsme provider, the helpdesk mailto. */
export function companionLinkPolicy(config: CompanionConfig): LinkPolicy {
  return linkPolicy(config.origin, HELPDESK_EMAIL, [originOrNull(config.backendUrl), config.itsmeOrigin ?? ITSME_PRODUCTION_ORIGIN].filter((o): o is string => o !== null));
}

function platformOf(platform: NodeJS.Platform): 'windows' | 'macos' | 'linux' {
  return platform === 'win32' ? 'windows' : platform === 'darwin' ? 'macos' : 'linux';
}

function originOrNull(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

// The Electron main process: one instance, one window, hardened (ELECTRON-NOTES §1), the companion
// behind the IPC bridge. Bundled into dist/electron/main.mjs next to preload.cjs and card-worker.mjs
// (shipped-entries.ts); the renderer is served from renderer/dist through app://bundle. Installed, all
// of it is found from the app's resources (app-paths.ts).
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { APP_LINK_SCHEME } from '../../src/contract/app-link.ts';
import type { Language } from '../../src/contract/index.ts';
import { createI18n, loadLocale } from '../../src/i18n/index.ts';
import { announceInstance } from '../app-instance.ts';
import { resolveConfig } from '../config.ts';
import { isAllowedExternal } from '../external-links.ts';
import { buildServices, companionLinkPolicy, type Services } from '../services.ts';
import { createLinkInbox, linkFromArgv } from './app-links.ts';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol.ts';
import { appPaths, BUNDLE_FILES } from './app-paths.ts';
import { createAppUpdates, UPDATE_FEED_ENV } from './app-updates.ts';
import { utilityCardWorker } from './card-worker-process.ts';
import { pickLanguage } from '../../src/i18n/languages.ts';
import { createFileLog } from './log.ts';
import { guardNavigation } from './navigation.ts';
import { forwardEvents, registerBridgeIpc } from './ipc.ts';
import { denyAllPermissions } from './permissions.ts';
import { saveReportWithDialog } from './save-report.ts';
import { startAppUpdater } from './updater/start.ts';
import { APP_ENTRY, APP_SCHEME, devToolsAllowed, windowOptions } from './window.ts';

export function run(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);

  let window: BrowserWindow | null = null;
  let services: Services | null = null;
  const bringToFront = () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  // myvivium-eid: links (MyVivium's login page, the itsme return page). Installers register the scheme;
  // a development run registers itself. A link only opens a screen: the companion parses it.
  // How this app is started again: the executable installed, Electron with our main bundle in a checkout.
  const startCommand = app.isPackaged ? [process.execPath] : [process.execPath, join(import.meta.dirname, BUNDLE_FILES.main)];
  if (app.isPackaged) app.setAsDefaultProtocolClient(APP_LINK_SCHEME);
  else app.setAsDefaultProtocolClient(APP_LINK_SCHEME, process.execPath, startCommand.slice(1));
  const links = createLinkInbox();
  const firstLink = linkFromArgv(process.argv);
  if (firstLink) links.push(firstLink);
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.push(url);
    bringToFront();
  });
  app.on('second-instance', (_event, argv) => {
    const link = linkFromArgv(argv);
    if (link) links.push(link);
    bringToFront();
  });
  app.on('window-all-closed', () => app.quit());
  let stopUpdates: (() => void) | null = null;
  let withdrawInstance: (() => void) | null = null;
  app.on('will-quit', () => {
    stopUpdates?.();
    withdrawInstance?.();
    void services?.stop();
  });

  void app.whenReady().then(async () => {
    const paths = appPaths({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath, bundleDir: import.meta.dirname });
    const log = createFileLog(app.getPath('userData'));
    const config = resolveConfig({ virtualCard: process.env.EID_VIRTUAL_CARD }, process.env);
    const policy = companionLinkPolicy(config);
    const openExternal = async (url: string) => {
      if (isAllowedExternal(url, policy)) await shell.openExternal(url);
      else log.warn('refused to open an address outside the allow-list');
    };
    let language: Language = pickLanguage(app.getPreferredSystemLanguages());
    // Main-process strings (dialogs) live in the "app" namespace.
    const i18n = await createI18n({ language, load: loadLocale, namespaces: ['app'] });

    denyAllPermissions(session.defaultSession);
    protocol.handle(APP_SCHEME, appProtocolHandler(paths.renderer));
    app.on('web-contents-created', (_event, contents) => guardNavigation(contents, (url) => void openExternal(url)));

    const updates = createAppUpdates({
      start: startAppUpdater,
      feedUrl: process.env[UPDATE_FEED_ENV],
      log: (line) => log.info(line),
    });
    stopUpdates = () => updates.stop();
    services = buildServices(config, {
      spawnWorker: utilityCardWorker(paths.cardWorker),
      trustAnchorDirectory: paths.trustAnchors,
      openExternal,
      language: {
        get: () => language,
        set: (l) => {
          language = l;
          void i18n.changeLanguage(l);
        },
      },
      saveReport: saveReportWithDialog(() => window, i18n),
      updates,
      log,
    });
    void updates.connect(services.companion).catch((error: unknown) => log.warn('the updater did not start', { error: String(error) }));
    registerBridgeIpc(ipcMain, services.dispatch);
    forwardEvents(services.companion, () => window?.webContents ?? null);
    const companion = services.companion;
    links.deliverTo((link) => void companion.receiveLink(link));
    // `eid-companion open URL` reaches this instance by starting a second one with the link.
    withdrawInstance = announceInstance({ kind: 'electron', pid: process.pid, command: startCommand }, process.env);

    window = new BrowserWindow(windowOptions(paths.preload, { devTools: devToolsAllowed(app.isPackaged, process.env) }));
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => (window = null));
    void window.loadURL(APP_ENTRY);
    log.info('started', { language });
  });
}

run();

// A recording stand-in for the `electron` module, for booting the packed main process under plain Node
// (test/packaging/packed-app.pcscd.test.ts installs it as node_modules/electron next to the extracted
// app). It plays an installed app (app.isPackaged, process.resourcesPath, app.getAppPath() from
// STANDIN_RESOURCES), records what main does with Electron, and when the window loads its first URL it
// also asks the registered app:// handler for that page, writes the record to STANDIN_RECORD and exits.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the packed bundle both imports and require()s `electron`. */
const { existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const resources = process.env.STANDIN_RESOURCES;
const recordFile = process.env.STANDIN_RECORD;
if (!resources || !recordFile) throw new Error('the recording electron stand-in needs STANDIN_RESOURCES and STANDIN_RECORD');
process.resourcesPath = resources;

const record = { calls: [], schemes: [], handlers: {}, windows: [], forks: [], page: null, protocolClients: [] };
const handlers = new Map();
const call = (name) => record.calls.push(name);

// Anything not modelled below records its name and does nothing.
const recorder = (prefix) =>
  new Proxy(function () {}, {
    get: (_target, key) => (key === 'then' ? undefined : recorder(`${prefix}.${String(key)}`)),
    apply: () => {
      call(prefix);
      return undefined;
    },
  });

const listeners = () => {
  const table = new Map();
  return {
    on(event, listener) {
      table.set(event, [...(table.get(event) ?? []), listener]);
      return this;
    },
    once(event, listener) {
      return this.on(event, listener);
    },
  };
};

const app = Object.assign(listeners(), {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  setAsDefaultProtocolClient: (scheme, ...rest) => record.protocolClients.push([scheme, ...rest]),
  quit: () => call('app.quit'),
  enableSandbox: () => call('app.enableSandbox'),
  whenReady: () => Promise.resolve(),
  getAppPath: () => join(resources, 'app.asar'),
  getPath: () => process.env.STANDIN_USER_DATA,
  getPreferredSystemLanguages: () => ['nl-BE'],
  getVersion: () => '0.0.0-stand-in',
  getName: () => 'stand-in',
});

const protocol = {
  registerSchemesAsPrivileged: (schemes) => record.schemes.push(...schemes),
  handle: (scheme, handler) => {
    handlers.set(scheme, handler);
    record.handlers[scheme] = true;
  },
};

async function finish(url) {
  const handler = handlers.get(new URL(url).protocol.replace(':', ''));
  if (handler) {
    const response = await handler(new Request(url));
    const body = await response.text();
    record.page = { url, status: response.status, type: response.headers.get('content-type'), body };
  }
  writeFileSync(recordFile, JSON.stringify(record));
  process.exit(0);
}

class BrowserWindow {
  constructor(options) {
    record.windows.push({ options, preloadExists: existsSync(options?.webPreferences?.preload ?? '') });
    this.webContents = Object.assign(listeners(), { send: () => undefined, setWindowOpenHandler: () => undefined });
    Object.assign(this, listeners());
  }
  loadURL(url) {
    record.windows.at(-1).url = url;
    return finish(url);
  }
  show() {}
  isMinimized() {
    return false;
  }
  static getAllWindows() {
    return [];
  }
}

const utilityProcess = {
  fork(modulePath, args, options) {
    const fork = { modulePath, exists: existsSync(modulePath), options, messages: [] };
    record.forks.push(fork);
    return Object.assign(listeners(), { pid: undefined, postMessage: (message) => fork.messages.push(message), kill: () => true });
  },
};

const noPermissions = { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined };

exports.app = app;
exports.protocol = protocol;
exports.BrowserWindow = BrowserWindow;
exports.utilityProcess = utilityProcess;
exports.session = { defaultSession: noPermissions };
exports.ipcMain = { handle: () => undefined, on: () => undefined };
exports.shell = recorder('shell');
exports.dialog = recorder('dialog');
exports.contextBridge = recorder('contextBridge');
exports.ipcRenderer = recorder('ipcRenderer');
exports.autoUpdater = recorder('autoUpdater');
exports.nativeImage = recorder('nativeImage');

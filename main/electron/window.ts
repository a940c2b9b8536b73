// The one window and its hardened web preferences (ELECTRON-NOTES §1 items 2–4, 6, 8–11).
import type { BrowserWindowConstructorOptions } from 'electron';
import { PRODUCT_NAME } from '../../src/contract/product.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * EID_DEVTOOLS=1 opens the developer tools in a development run only. In a packaged build the switch does
 * nothing: a console next to the PIN dialog is what a scammer on the phone would ask a customer to open.
 */
export function devToolsAllowed(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return !isPackaged && env.EID_DEVTOOLS === '1';
}

export function windowOptions(preloadPath: string, options: { readonly devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 780,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: PRODUCT_NAME,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // webSecurity is left at its default (on): never set here.
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}

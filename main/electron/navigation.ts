// Navigation and new windows (ELECTRON-NOTES §1 items 12–15): the window stays on app://bundle;
// window.open of an allow-listed https address goes to the default browser, everything else is
// denied. Origins are compared parsed, never by prefix.
import type { WebContents } from 'electron';
import { APP_ORIGIN } from './window.ts';

export function isAppUrl(url: string): boolean {
  try {
    // app: is not a scheme Node's URL knows, so its .origin is "null": compare scheme, host and no credentials.
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export function guardNavigation(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}

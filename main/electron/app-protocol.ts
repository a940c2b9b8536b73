// The UI is served from app://bundle (ELECTRON-NOTES §1 item 18), never file://: files of the built
// renderer only, no path traversal, every answer with the strict CSP.
import { contentSecurityPolicy } from '../csp.ts';
import { readStatic, resolveStaticFile } from '../web/static-files.ts';
import { APP_HOST, APP_SCHEME } from './window.ts';

/** The scheme must be registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

/** The protocol.handle handler for app://bundle/… */
export function appProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const headers = { 'content-security-policy': contentSecurityPolicy(), 'x-content-type-options': 'nosniff' };
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response('Bad request', { status: 400, headers });
    }
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404, headers });
    // The raw path is checked too: Chromium may hand over percent-encoded dot segments.
    const rawPath = request.url.slice(`${APP_SCHEME}://${APP_HOST}`.length).split(/[?#]/)[0] ?? '/';
    if (/(^|\/)(\.|%2e){2}(\/|%2f|$)/i.test(rawPath) || /%2f|%5c/i.test(rawPath)) return new Response('Bad request', { status: 400, headers });
    const file = await resolveStaticFile(root, url.pathname);
    if (!file) return new Response('Not found', { status: 404, headers });
    const { body, type } = await readStatic(file);
    return new Response(body, { status: 200, headers: { ...headers, 'content-type': type } });
  };
}

// The Content-Security-Policy of the UI, one string for the Electron window (app://) and the web
// host: scripts, styles and images only from the app itself, no eval, no plugins, no framing; the
// web host adds its own WebSocket to connect-src.
export function contentSecurityPolicy(options: { connect?: readonly string[] } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${['\'self\'', ...(options.connect ?? [])].join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

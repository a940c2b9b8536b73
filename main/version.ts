// This app's version, as every token's appVersion URL and the diagnosis report name it.
export const APP_VERSION = '0.1.0';
export const APP_VERSION_URL = `https://github.com/vivium/eid-companion/releases/${APP_VERSION}`;

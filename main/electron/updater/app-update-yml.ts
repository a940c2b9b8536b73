// What the installation's app-update.yml (written by electron-builder from electron-builder.yml's
// publish entry) tells the updater: the feed baked in at build time, and whether the Windows publisher
// is named (without it electron-updater skips the Authenticode check of a downloaded installer).
/** Windows: electron-updater checks the installer's publisher only when app-update.yml names it. */
export function namesPublisher(appUpdateYml: string | undefined): boolean {
  const match = appUpdateYml?.match(/^publisherName:[ \t]*(.*)$(?:\r?\n[ \t]+-[ \t]*(\S.*))?/m);
  if (!match) return false;
  const inline = (match[1] ?? '').trim();
  // Either an inline value or a YAML list whose first item is on the next line.
  return inline === '' ? match[2] !== undefined : inline !== 'null' && inline !== '~' && inline !== '[]';
}

/** The feed baked in at build time (`url:` of app-update.yml, from electron-builder.yml's publish entry). */
export function feedFromUpdateConfig(appUpdateYml: string | undefined): string | undefined {
  const url = appUpdateYml?.match(/^url:[ \t]*['"]?([^'"\s]+)['"]?[ \t]*$/m)?.[1];
  return url === undefined || url === 'null' ? undefined : url;
}

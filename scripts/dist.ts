// npm run dist — builds the installers for the platform it runs on (Windows: NSIS, macOS: dmg + zip,
// Linux: deb + AppImage). Each platform builds on its own runner (README, "Release"): signing and
// notarization need the platform's own tools, and native modules are rebuilt for the host.
//
// Before anything slow it checks the prerequisites and stops with ONE line saying what is missing
// (exit 1): the Electron binary, the verified trust anchors, a valid update feed URL.
//
// Environment: EID_UPDATE_FEED_URL (HTTPS base of the generic update feed, baked into the app's
// app-update.yml; default in electron-builder.yml), EID_TEST_BUILD=1 (a Playwright test copy: inspect
// fuse on, unsigned, named TEST). Nothing is uploaded: the generic feed is a plain HTTPS folder to which
// the release manager copies the installers and latest*.yml (README, "Release").
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from 'js-yaml';
import { loadTrustAnchorDirectory, describeTrustAnchorError, OFFICIAL_ROOT_SOURCES, type TrustAnchor } from '../src/trust/index.ts';
import { BUNDLE_OUT_DIR, buildShippedEntries, releaseDefine } from '../main/electron/shipped-entries.ts';
import { isTestBuild } from './fuses.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const CONFIG_FILE = join(ROOT, 'electron-builder.yml');
const ANCHOR_DIR = join(ROOT, 'build/trust-anchors');

export type BuildPlatform = 'win' | 'mac' | 'linux';

export interface DistInputs {
  readonly hostPlatform: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly electronBinaryPresent: boolean;
  readonly anchors: { ok: true; anchors: readonly TrustAnchor[] } | { ok: false; problem: string };
  readonly config: Record<string, unknown>;
}

export type DistPlan =
  | { readonly ok: false; readonly message: string }
  | {
      readonly ok: true;
      readonly platform: BuildPlatform;
      readonly config: Record<string, unknown>;
    };

/** Decides what `npm run dist` will do, or the one reason it cannot. Pure, so it is unit-tested. */
export function planDist(inputs: DistInputs): DistPlan {
  const platform = ({ win32: 'win', darwin: 'mac', linux: 'linux' } as const)[inputs.hostPlatform as 'win32' | 'darwin' | 'linux'];
  if (platform === undefined) return { ok: false, message: `cannot build installers on ${inputs.hostPlatform}: use Windows, macOS or Linux` };
  if (!inputs.electronBinaryPresent) {
    return {
      ok: false,
      message: 'cannot build installers: the Electron binary is missing (node_modules/electron/dist; its download is disabled on this machine). Run `npm run dist` on a release runner where `node node_modules/electron/install.js` may download it.',
    };
  }
  if (!inputs.anchors.ok) return { ok: false, message: `cannot build installers: trust anchors not ready (${inputs.anchors.problem}). Run \`npm run trust:fetch\` first.` };
  const present = new Set(inputs.anchors.anchors.map((anchor) => anchor.id));
  const uncovered = OFFICIAL_ROOT_SOURCES.filter((source) => !source.accepts.some((id) => present.has(id)));
  if (uncovered.length > 0) {
    return { ok: false, message: `cannot build installers: trust anchors incomplete (no ${uncovered.flatMap((s) => s.accepts).join(', ')}). Run \`npm run trust:fetch\` first.` };
  }

  const testBuild = isTestBuild(inputs.env);
  // electron-builder only warns and skips notarization when no credentials are set; macOS would then
  // refuse to open the app on customers' machines. A release must stop here instead.
  if (platform === 'mac' && !testBuild && !hasNotarizationCredentials(inputs.env)) {
    return {
      ok: false,
      message: 'cannot build installers: macOS notarization credentials missing (APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, or APPLE_KEYCHAIN + APPLE_KEYCHAIN_PROFILE)',
    };
  }
  const feed = inputs.env.EID_UPDATE_FEED_URL;
  let config = inputs.config;
  if (feed !== undefined && feed !== '') {
    let url: URL;
    try {
      url = new URL(feed);
    } catch {
      return { ok: false, message: `cannot build installers: EID_UPDATE_FEED_URL is not a URL: ${feed}` };
    }
    if (url.protocol !== 'https:') return { ok: false, message: `cannot build installers: EID_UPDATE_FEED_URL must be https: (got ${url.protocol})` };
    config = { ...config, publish: [{ provider: 'generic', url: url.href.replace(/\/$/, ''), channel: 'latest' }] };
  }
  if (testBuild) {
    // A test copy is never shipped: no signature needed, and its name says what it is.
    config = {
      ...config,
      artifactName: 'myvivium-eid-companion-${version}-TEST-${os}-${arch}.${ext}',
      win: { ...(config.win as object), forceCodeSigning: false },
      mac: { ...(config.mac as object), forceCodeSigning: false, notarize: false },
    };
  }
  return { ok: true, platform, config };
}

const NOTARIZATION_CREDENTIALS = [
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'],
] as const;

function hasNotarizationCredentials(env: Readonly<Record<string, string | undefined>>): boolean {
  return NOTARIZATION_CREDENTIALS.some((set) => set.every((name) => (env[name] ?? '') !== ''));
}

export function readBuilderConfig(file = CONFIG_FILE): Record<string, unknown> {
  const parsed: unknown = load(readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file} is not a YAML mapping`);
  return parsed as Record<string, unknown>;
}

async function readAnchors(): Promise<DistInputs['anchors']> {
  if (!existsSync(ANCHOR_DIR)) return { ok: false, problem: `${ANCHOR_DIR} does not exist` };
  const result = await loadTrustAnchorDirectory(ANCHOR_DIR, { mode: 'production' });
  return result.ok ? result : { ok: false, problem: result.errors.map(describeTrustAnchorError).join('; ') };
}

async function main(): Promise<number> {
  const plan = planDist({
    hostPlatform: process.platform,
    env: process.env,
    electronBinaryPresent: existsSync(join(ROOT, 'node_modules/electron/dist')),
    anchors: await readAnchors(),
    config: readBuilderConfig(),
  });
  if (!plan.ok) {
    process.stderr.write(`${plan.message}\n`);
    return 1;
  }

  // The one list of what ships (main/electron/shipped-entries.ts): the bundles and the renderer.
  await buildShippedEntries(BUNDLE_OUT_DIR, releaseDefine(process.env));

  // electron-builder merges a configuration object INTO electron-builder.yml (and mangles `publish`
  // lists doing so); a file of its own is used as it is. It stays in dist/ for the build log.
  const effectiveConfig = join(ROOT, 'dist/electron-builder.effective.json');
  mkdirSync(dirname(effectiveConfig), { recursive: true });
  writeFileSync(effectiveConfig, `${JSON.stringify(plan.config, null, 2)}\n`);
  const { build, Platform } = await import('electron-builder');
  const target = { win: Platform.WINDOWS, mac: Platform.MAC, linux: Platform.LINUX }[plan.platform];
  await build({ projectDir: ROOT, targets: target.createTarget(), config: effectiveConfig, publish: 'never' });
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}

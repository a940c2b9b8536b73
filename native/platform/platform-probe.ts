// The PlatformProbe (src/diagnostics/platform.ts) for the machine we run on: each OS's own tools,
// run with a timeout through `RunCommand`, their outputs parsed by the pure parsers next to this file.
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import type { OsFamily, OsInfo, PlatformProbe, ServiceReport } from '../../src/diagnostics/platform.ts';
import { profileByAtr } from '../../src/card/card-profile.ts';
import { createRunCommand, type RunCommand } from './run-command.ts';
import { eidCardsInCalais, parseRegQuery, parseScQc, parseScQuery, registryDword, startTypeFromRegistry } from './windows-parsers.ts';
import { ifdCcidInstalled, parseSmartCardDefaults, parseSmartCardsProfile } from './macos-parsers.ts';
import { parseSystemctlIsActive, polkitDenials } from './linux-parsers.ts';

export interface PlatformProbeOptions {
  readonly platform?: NodeJS.Platform;
  readonly run?: RunCommand;
}

export function osFamily(platform: NodeJS.Platform): OsFamily {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'macos';
  if (platform === 'linux') return 'linux';
  return 'other';
}

export function createPlatformProbe(options: PlatformProbeOptions = {}): PlatformProbe {
  const family = osFamily(options.platform ?? process.platform);
  const run = options.run ?? createRunCommand();
  return {
    os: () => osInfo(family, run),
    pcscService: () => {
      if (family === 'windows') return windowsService(run);
      if (family === 'macos') return macosService(run);
      if (family === 'linux') return linuxService(run);
      return Promise.resolve({ kind: 'other' });
    },
  };
}

async function osInfo(family: OsFamily, run: RunCommand): Promise<OsInfo> {
  const base = { family, release: os.release(), arch: os.arch() };
  if (family === 'linux') {
    const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
    const name = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? null;
    return { ...base, name };
  }
  if (family === 'macos') {
    const sw = await run('sw_vers', ['-productVersion']);
    return { ...base, release: sw.code === 0 ? sw.stdout.trim() : base.release, name: 'macOS' };
  }
  return { ...base, name: family === 'windows' ? os.version() : null };
}

async function windowsService(run: RunCommand): Promise<ServiceReport> {
  const service = async (name: string) => {
    const [query, qc, triggers] = await Promise.all([
      run('sc.exe', ['query', name]),
      run('sc.exe', ['qc', name]),
      run('sc.exe', ['qtriggerinfo', name]),
    ]);
    let startType = parseScQc(qc.stdout, triggers.stdout);
    if (startType === 'unknown') {
      const reg = await run('reg.exe', ['query', `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}`, '/v', 'Start']);
      startType = startTypeFromRegistry(registryDword(parseRegQuery(reg.stdout)[0], 'Start'));
    }
    const state = parseScQuery(query.stdout);
    return startType === 'not-installed' || state === 'not-installed'
      ? { state: 'not-installed' as const, startType: 'unknown' as const }
      : { state, startType };
  };
  const [smartCard, deviceEnum, calais] = await Promise.all([
    service('SCardSvr'),
    service('ScDeviceEnum'),
    run('reg.exe', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\Calais\\SmartCards', '/s']),
  ]);
  return { kind: 'windows', smartCard, deviceEnum, eidMinidriverCards: eidCardsInCalais(parseRegQuery(calais.stdout), (atr) => profileByAtr(atr) !== null) };
}

async function macosService(run: RunCommand): Promise<ServiceReport> {
  const [profiler, defaults] = await Promise.all([
    run('system_profiler', ['SPSmartCardsDataType']),
    run('defaults', ['read', '/Library/Preferences/com.apple.security.smartcard']),
  ]);
  const profile = parseSmartCardsProfile(profiler.stdout);
  const prefs = parseSmartCardDefaults(defaults.stdout);
  return {
    kind: 'macos',
    readers: profile.readers,
    readerDrivers: profile.readerDrivers,
    ifdCcidInstalled: ifdCcidInstalled(profile),
    useIfdCcid: prefs.useIfdCcid,
    disabledTokens: prefs.disabledTokens,
    tokenDrivers: profile.tokenDrivers,
  };
}

async function linuxService(run: RunCommand): Promise<ServiceReport> {
  const [pgrep, socket, service, journal] = await Promise.all([
    run('pgrep', ['-x', 'pcscd']),
    run('systemctl', ['is-active', 'pcscd.socket']),
    run('systemctl', ['is-active', 'pcscd.service']),
    run('journalctl', ['-u', 'pcscd', '--since', '-1h', '-o', 'cat', '--no-pager', '-n', '200']),
  ]);
  const unit = (r: typeof socket) => (r.missing ? 'no-systemd' : parseSystemctlIsActive(r.stdout, r.stderr));
  return {
    kind: 'linux',
    daemonRunning: pgrep.missing ? null : pgrep.code === 0,
    socketUnit: unit(socket),
    serviceUnit: unit(service),
    polkitDenials: journal.code === 0 ? polkitDenials(journal.stdout) : [],
  };
}

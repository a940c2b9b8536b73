import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPlatformProbe } from './platform-probe.ts';
import type { CommandResult, RunCommand } from './run-command.ts';

const fixture = (...parts: string[]) => readFileSync(join(import.meta.dirname, '../../test/fixtures/platform', ...parts), 'utf8');
const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: '', missing: false });
const fail = (code: number, stdout = '', stderr = ''): CommandResult => ({ code, stdout, stderr, missing: false });

/** Answers each command line from recorded outputs, as the OS would. */
function recorded(answers: Record<string, CommandResult>): RunCommand {
  return async (file, args) => answers[[file, ...args].join(' ')] ?? { code: null, stdout: '', stderr: '', missing: true };
}

describe('platform probe with recorded outputs', () => {
  it('Windows: disabled Smart Card service, minidriver registered', async () => {
    const probe = createPlatformProbe({
      platform: 'win32',
      run: recorded({
        'sc.exe query SCardSvr': fail(1, fixture('windows/sc-query-scardsvr-stopped.txt')),
        'sc.exe qc SCardSvr': ok(fixture('windows/sc-qc-scardsvr-disabled.txt')),
        'sc.exe qtriggerinfo SCardSvr': ok(fixture('windows/sc-qtriggerinfo-scardsvr.txt')),
        'sc.exe query ScDeviceEnum': ok(fixture('windows/sc-query-scardsvr-running.txt')),
        'sc.exe qc ScDeviceEnum': ok(fixture('windows/sc-qc-scardsvr-demand.txt')),
        'reg.exe query HKLM\\SOFTWARE\\Microsoft\\Cryptography\\Calais\\SmartCards /s': ok(fixture('windows/reg-query-calais-smartcards.txt')),
      }),
    });
    expect(await probe.pcscService()).toEqual({
      kind: 'windows',
      smartCard: { state: 'stopped', startType: 'disabled' },
      deviceEnum: { state: 'running', startType: 'manual' },
      eidMinidriverCards: ['Beid 1.7', 'Beid 1.8'],
    });
  });

  it('Windows: sc unavailable falls back to the registry start value', async () => {
    const probe = createPlatformProbe({
      platform: 'win32',
      run: recorded({
        'reg.exe query HKLM\\SYSTEM\\CurrentControlSet\\Services\\SCardSvr /v Start': ok(fixture('windows/reg-query-scardsvr-start-disabled.txt')),
      }),
    });
    const report = await probe.pcscService();
    expect(report).toMatchObject({ kind: 'windows', smartCard: { state: 'unknown', startType: 'disabled' } });
  });

  it('macOS: useIFDCCID set while the CCID driver is missing', async () => {
    const probe = createPlatformProbe({
      platform: 'darwin',
      run: recorded({
        'system_profiler SPSmartCardsDataType': ok(fixture('macos/system-profiler-no-ccid.txt')),
        'defaults read /Library/Preferences/com.apple.security.smartcard': ok(fixture('macos/defaults-smartcard-useifdccid.txt')),
      }),
    });
    expect(await probe.pcscService()).toMatchObject({ kind: 'macos', readers: [], ifdCcidInstalled: false, useIfdCcid: true });
  });

  it('Linux: socket inactive, no daemon, polkit refusals', async () => {
    const probe = createPlatformProbe({
      platform: 'linux',
      run: recorded({
        'pgrep -x pcscd': fail(1),
        'systemctl is-active pcscd.socket': fail(3, fixture('linux/systemctl-is-active-inactive.txt')),
        'systemctl is-active pcscd.service': fail(3, fixture('linux/systemctl-is-active-failed.txt')),
        'journalctl -u pcscd --since -1h -o cat --no-pager -n 200': ok(fixture('linux/journal-pcscd-polkit.txt')),
      }),
    });
    const report = await probe.pcscService();
    expect(report).toMatchObject({ kind: 'linux', daemonRunning: false, socketUnit: 'inactive', serviceUnit: 'failed' });
    expect(report.kind === 'linux' && report.polkitDenials).toHaveLength(2);
  });

  it('Linux, live: never rejects, and sees this machine', async () => {
    const probe = createPlatformProbe({ platform: 'linux' });
    const [os, service] = await Promise.all([probe.os(), probe.pcscService()]);
    expect(os.family).toBe('linux');
    expect(service.kind).toBe('linux');
  });
});

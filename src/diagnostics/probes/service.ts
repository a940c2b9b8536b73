// The PC/SC service: does it answer, and what the OS says about it. On Windows the Smart Card service
// is "manual, triggered" and stops when no reader is plugged in — normal, not a fault (the reader probe
// then says "no reader"); only a disabled or missing service is one.
import type { Finding } from '../../contract/diagnosis.ts';
import { isPcscError } from '../../pcsc/errors.ts';
import { finding, type Probe, type ProbeContext, type ServiceAnswer } from '../context.ts';
import type { ServiceReport } from '../platform.ts';

async function askService(context: ProbeContext): Promise<ServiceAnswer> {
  try {
    return { ok: true, readers: await context.deps.pcsc.readers() };
  } catch (error) {
    if (isPcscError(error)) return { ok: false, kind: error.kind, code: error.code ?? null };
    return { ok: false, kind: 'Unknown', code: null };
  }
}

export const serviceProbe: Probe = {
  id: 'service',
  async run(context) {
    const [answer, report] = await Promise.all([askService(context), context.deps.platform.pcscService().catch((): ServiceReport => ({ kind: 'other' }))]);
    const service = serviceFinding(answer, report);
    // Windows stops its Smart Card service while no reader is plugged in: for the probes after this
    // one, that is a service with an empty reader list.
    context.state.pcsc = service.detailKey === 'detail.pcscService.windowsWaitsForReader' ? { ok: true, readers: [] } : answer;
    context.state.service = report;
    return [service, platformFinding(report)];
  },
};

export function serviceFinding(answer: ServiceAnswer, report: ServiceReport): Finding {
  const code = answer.ok || answer.code === null ? null : `0x${answer.code.toString(16).toUpperCase().padStart(8, '0')}`;
  if (report.kind === 'linux' && report.polkitDenials.length > 0 && !answer.ok) {
    return finding('pcscService', 'fail', 'accessDenied', report.polkitDenials.slice(-2), { code });
  }
  if (answer.ok) return finding('pcscService', 'pass', 'running', 'running', { readers: answer.readers.length });
  if (report.kind === 'windows') {
    const { state, startType } = report.smartCard;
    if (state === 'not-installed') return finding('pcscService', 'fail', 'windowsMissing', 'SCardSvr: not installed', { code });
    if (startType === 'disabled') return finding('pcscService', 'fail', 'windowsDisabled', `SCardSvr: ${state}, ${startType}`, { code, state, startType });
    if (answer.kind === 'NoService') {
      return finding('pcscService', 'pass', 'windowsWaitsForReader', `SCardSvr: ${state}, ${startType}`, { state, startType });
    }
  }
  if (answer.kind === 'NoService') {
    if (report.kind === 'linux') {
      return finding('pcscService', 'fail', 'linuxNotRunning', `pcscd: ${report.daemonRunning === false ? 'not running' : 'no answer'}; pcscd.socket: ${report.socketUnit}`, {
        socket: report.socketUnit,
        code,
      });
    }
    return finding('pcscService', 'fail', 'notRunning', 'no service', { code });
  }
  return finding('pcscService', 'fail', 'error', answer.kind, { kind: answer.kind, code });
}

export function platformFinding(report: ServiceReport): Finding {
  switch (report.kind) {
    case 'windows': {
      const value = `ScDeviceEnum: ${report.deviceEnum.state}, ${report.deviceEnum.startType}; eID minidriver: ${report.eidMinidriverCards.length > 0 ? 'registered' : 'not registered'}`;
      if (report.deviceEnum.startType === 'disabled') return finding('pcscPlatform', 'warn', 'windowsDeviceEnumDisabled', value);
      return finding('pcscPlatform', 'pass', 'windows', value, { minidriver: report.eidMinidriverCards.length > 0 });
    }
    case 'macos': {
      const value = `useIFDCCID: ${report.useIfdCcid ?? 'unset'}; ifd-ccid: ${report.ifdCcidInstalled ? 'installed' : 'absent'}; readers seen: ${report.readers.length}`;
      if (report.useIfdCcid === true && !report.ifdCcidInstalled) return finding('pcscPlatform', 'fail', 'macosIfdCcidMissing', value);
      const pivGrabs = report.tokenDrivers.some((d) => /pivtoken/i.test(d)) && !report.disabledTokens.some((d) => /pivtoken/i.test(d));
      return finding('pcscPlatform', 'pass', pivGrabs ? 'macosPivTokenActive' : 'macos', value, { useIfdCcid: report.useIfdCcid });
    }
    case 'linux': {
      const value = `pcscd: ${report.daemonRunning === null ? 'unknown' : report.daemonRunning ? 'running' : 'not running'}; pcscd.socket: ${report.socketUnit}; pcscd.service: ${report.serviceUnit}`;
      if (report.polkitDenials.length > 0) return finding('pcscPlatform', 'warn', 'linuxPolkit', value, { denials: report.polkitDenials.length });
      return finding('pcscPlatform', 'pass', 'linux', value, { socket: report.socketUnit });
    }
    default:
      return finding('pcscPlatform', 'skip', 'other');
  }
}

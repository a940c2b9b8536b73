import { describe, expect, it } from 'vitest';
import type { Finding, FindingKey, FindingStatus } from '../contract/diagnosis.ts';
import { decideVerdict, worstStatus } from './rules.ts';
import { serviceFinding } from './probes/service.ts';

const f = (key: FindingKey, status: FindingStatus, detail = 'x'): Finding => ({ key, status, value: null, detailKey: `detail.${key}.${detail}`, params: {} });
const fine: Finding[] = (['os', 'pcscService', 'readers', 'card', 'cardType', 'cardInUse', 'certValidity', 'pinTries', 'backendReachable'] as const).map((k) => f(k, 'pass'));
const withOne = (finding: Finding) => fine.map((x) => (x.key === finding.key ? finding : x)).concat(fine.some((x) => x.key === finding.key) ? [] : [finding]);

describe('rules → verdict', () => {
  it('all pass: allFine, no actions', () => {
    expect(decideVerdict(fine, 'linux')).toMatchObject({ key: 'allFine', status: 'pass', actionKeys: [] });
    expect(worstStatus(fine)).toBe('pass');
  });

  it('the first cause in the chain wins: no service explains no reader and no card', () => {
    const findings = [f('pcscService', 'fail', 'linuxNotRunning'), f('readers', 'skip'), f('card', 'skip'), f('backendReachable', 'fail')];
    const verdict = decideVerdict(findings, 'linux');
    expect(verdict.key).toBe('pcscNotRunning');
    expect(verdict.actionKeys).toEqual(['action.startPcscdLinux', 'action.installPcscdLinux']);
  });

  it('Windows: a disabled service is its own verdict with the services.msc fix', () => {
    const verdict = decideVerdict(withOne(f('pcscService', 'fail', 'windowsDisabled')), 'windows');
    expect(verdict.key).toBe('pcscServiceDisabled');
    expect(verdict.actionKeys[0]).toBe('action.enableSmartCardService');
  });

  it.each([
    [f('readers', 'fail', 'none'), 'noReader'],
    [f('readers', 'fail', 'onlyVirtual'), 'virtualReaderInTheWay'],
    [f('card', 'fail', 'absent'), 'noCard'],
    [f('card', 'fail', 'unresponsive'), 'cardUnresponsive'],
    [f('cardType', 'fail', 'notEid'), 'cardNotEid'],
    [f('cardInUse', 'fail', 'sharingViolation'), 'cardInUse'],
    [f('dataSignature', 'fail', 'invalid'), 'cardDataInvalid'],
    [f('certValidity', 'fail', 'expired'), 'certExpired'],
    [f('certChain', 'fail', 'untrusted'), 'certUntrusted'],
    [f('pinTries', 'fail', 'blocked'), 'pinBlocked'],
    [f('backendReachable', 'fail', 'unreachable'), 'backendUnreachable'],
    [f('backendTls', 'fail', 'invalid'), 'backendTls'],
    [f('clockSkew', 'fail', 'ahead'), 'clockSkew'],
    [f('pcscPlatform', 'fail', 'macosIfdCcidMissing'), 'readerDriverMissing'],
    [f('pcscService', 'fail', 'accessDenied'), 'pcscAccessDenied'],
  ] as const)('%o → %s', (finding, verdict) => {
    const v = decideVerdict(withOne(finding), 'linux');
    expect(v.key).toBe(verdict);
    expect(v.status).toBe('fail');
    expect(v.actionKeys.length).toBeGreaterThan(0);
  });

  it('a remote session explains a missing reader', () => {
    expect(decideVerdict([...withOne(f('readers', 'fail', 'none')), f('remoteSession', 'warn', 'rdp')], 'windows').key).toBe('remoteSession');
  });

  it('warnings only: allFine with status warn; an unknown failure: unexplained', () => {
    expect(decideVerdict(withOne(f('proxy', 'warn')), 'linux')).toMatchObject({ key: 'allFine', status: 'warn' });
    expect(decideVerdict(withOne(f('identity', 'pass')).concat(f('readerPinPad', 'fail')), 'linux').key).toBe('unexplained');
  });
});

describe('service finding', () => {
  const windows = (state: 'stopped' | 'running', startType: 'disabled' | 'manual-triggered') =>
    ({ kind: 'windows', smartCard: { state, startType }, deviceEnum: { state: 'running', startType: 'manual' }, eidMinidriverCards: [] }) as const;

  it('Windows: stopped while no reader is plugged in is normal', () => {
    expect(serviceFinding({ ok: false, kind: 'NoService', code: 0x8010001d }, windows('stopped', 'manual-triggered'))).toMatchObject({ status: 'pass', detailKey: 'detail.pcscService.windowsWaitsForReader' });
  });

  it('Windows: disabled is a fault', () => {
    expect(serviceFinding({ ok: false, kind: 'NoService', code: 0x8010001d }, windows('stopped', 'disabled'))).toMatchObject({ status: 'fail', detailKey: 'detail.pcscService.windowsDisabled', params: { code: '0x8010001D' } });
  });

  it('Linux: no answer and polkit refusals → access denied', () => {
    const report = { kind: 'linux', daemonRunning: true, socketUnit: 'active', serviceUnit: 'active', polkitDenials: ['is NOT authorized for action: access_pcsc'] } as const;
    expect(serviceFinding({ ok: false, kind: 'NoService', code: null }, report).detailKey).toBe('detail.pcscService.accessDenied');
    expect(serviceFinding({ ok: true, readers: [] }, report).status).toBe('pass');
  });
});

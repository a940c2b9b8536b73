// Findings → the most likely cause and what to do about it. Rules are checked in order of weight
// (the first that matches wins), the way eDT weighed its meta-rules: a cause further down the chain
// (service → reader → card → data → network) explains every failure after it.
import type { Finding, FindingKey, FindingStatus, Verdict, VerdictKey } from '../contract/diagnosis.ts';
import type { OsFamily } from './platform.ts';

/** Every fix the diagnosis can offer (diagnostics namespace: action.<key>). */
export const ACTION_KEYS = [
  'enableSmartCardService',
  'restartComputer',
  'contactIt',
  'polkitRules',
  'localSession',
  'startPcscdLinux',
  'installPcscdLinux',
  'useLocalComputer',
  'redirectSmartCards',
  'macosInstallCcid',
  'macosUseAppleCcid',
  'plugReader',
  'installReaderDriverWindows',
  'installCcidLinux',
  'virtualReadersAreNotReaders',
  'insertChipFirst',
  'cleanChip',
  'tryOtherReader',
  'insertCard',
  'closeOtherPrograms',
  'stopScdaemonLinux',
  'macosDisablePivToken',
  'reinsertCard',
  'insertEid',
  'contactMunicipality',
  'renewCard',
  'useItsme',
  'updateApp',
  'contactHelpdesk',
  'unblockPin',
  'checkClock',
  'checkProxyAntivirus',
  'checkInternet',
  'retryLater',
  'setClockAutomatic',
  'sendReport',
] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

type Lookup = (key: FindingKey) => Finding | undefined;

interface Rule {
  readonly verdict: VerdictKey;
  readonly basedOn: readonly FindingKey[];
  matches(get: Lookup): boolean;
  /** Action keys (diagnostics namespace: action.<key>) for this OS. */
  actions(os: OsFamily, get: Lookup): ActionKey[];
}

const failed = (get: Lookup, key: FindingKey, detail?: string) => {
  const f = get(key);
  return f?.status === 'fail' && (detail === undefined || f.detailKey === `detail.${key}.${detail}`);
};
const warned = (get: Lookup, key: FindingKey, detail?: string) => {
  const f = get(key);
  return f?.status === 'warn' && (detail === undefined || f.detailKey === `detail.${key}.${detail}`);
};
const perOs = (os: OsFamily, actions: Partial<Record<OsFamily, ActionKey>>, fallback: ActionKey): ActionKey => actions[os] ?? fallback;

const RULES: readonly Rule[] = [
  {
    verdict: 'pcscServiceDisabled',
    basedOn: ['pcscService'],
    matches: (get) => failed(get, 'pcscService', 'windowsDisabled') || failed(get, 'pcscService', 'windowsMissing'),
    actions: () => ['enableSmartCardService', 'restartComputer', 'contactIt'],
  },
  {
    verdict: 'pcscAccessDenied',
    basedOn: ['pcscService', 'pcscPlatform'],
    matches: (get) => failed(get, 'pcscService', 'accessDenied'),
    actions: () => ['polkitRules', 'localSession'],
  },
  {
    verdict: 'pcscNotRunning',
    basedOn: ['pcscService'],
    matches: (get) => failed(get, 'pcscService'),
    actions: (os) => [perOs(os, { linux: 'startPcscdLinux', windows: 'enableSmartCardService', macos: 'restartComputer' }, 'restartComputer'), ...(os === 'linux' ? (['installPcscdLinux'] as const) : [])],
  },
  {
    verdict: 'remoteSession',
    basedOn: ['remoteSession', 'readers'],
    matches: (get) => warned(get, 'remoteSession') && (failed(get, 'readers') || failed(get, 'card')),
    actions: () => ['useLocalComputer', 'redirectSmartCards'],
  },
  {
    verdict: 'readerDriverMissing',
    basedOn: ['pcscPlatform', 'readers'],
    matches: (get) => failed(get, 'pcscPlatform', 'macosIfdCcidMissing'),
    actions: () => ['macosInstallCcid', 'macosUseAppleCcid'],
  },
  {
    verdict: 'virtualReaderInTheWay',
    basedOn: ['readers', 'virtualReaders'],
    matches: (get) => failed(get, 'readers', 'onlyVirtual'),
    actions: (os) => ['plugReader', perOs(os, { windows: 'installReaderDriverWindows', macos: 'macosUseAppleCcid', linux: 'installCcidLinux' }, 'plugReader'), 'virtualReadersAreNotReaders'],
  },
  {
    verdict: 'noReader',
    basedOn: ['readers'],
    matches: (get) => failed(get, 'readers'),
    actions: (os) => ['plugReader', perOs(os, { windows: 'installReaderDriverWindows', macos: 'macosUseAppleCcid', linux: 'installCcidLinux' }, 'plugReader')],
  },
  {
    verdict: 'cardUnresponsive',
    basedOn: ['card'],
    matches: (get) => failed(get, 'card', 'unresponsive'),
    actions: () => ['insertChipFirst', 'cleanChip', 'tryOtherReader'],
  },
  {
    verdict: 'noCard',
    basedOn: ['card'],
    matches: (get) => failed(get, 'card'),
    actions: () => ['insertCard', 'insertChipFirst'],
  },
  {
    verdict: 'cardInUse',
    basedOn: ['cardInUse'],
    matches: (get) => failed(get, 'cardInUse'),
    actions: (os) => ['closeOtherPrograms', perOs(os, { linux: 'stopScdaemonLinux', macos: 'macosDisablePivToken' }, 'reinsertCard'), 'reinsertCard'],
  },
  {
    verdict: 'cardNotEid',
    basedOn: ['cardType'],
    matches: (get) => failed(get, 'cardType'),
    actions: () => ['insertEid', 'insertChipFirst'],
  },
  {
    verdict: 'cardDataInvalid',
    basedOn: ['identity', 'dataSignature'],
    matches: (get) => failed(get, 'dataSignature') || failed(get, 'identity'),
    actions: () => ['reinsertCard', 'contactMunicipality'],
  },
  {
    verdict: 'certExpired',
    basedOn: ['certValidity'],
    matches: (get) => failed(get, 'certValidity'),
    actions: () => ['renewCard', 'useItsme'],
  },
  {
    verdict: 'certUntrusted',
    basedOn: ['certChain'],
    matches: (get) => failed(get, 'certChain'),
    actions: () => ['updateApp', 'contactHelpdesk'],
  },
  {
    verdict: 'pinBlocked',
    basedOn: ['pinTries'],
    matches: (get) => failed(get, 'pinTries'),
    actions: () => ['unblockPin', 'useItsme'],
  },
  {
    verdict: 'backendTls',
    basedOn: ['backendTls', 'proxy'],
    matches: (get) => failed(get, 'backendTls'),
    actions: () => ['checkClock', 'checkProxyAntivirus', 'contactIt'],
  },
  {
    verdict: 'backendUnreachable',
    basedOn: ['backendReachable', 'proxy'],
    matches: (get) => failed(get, 'backendReachable'),
    actions: (_os, get) => ['checkInternet', ...(warned(get, 'proxy') ? (['checkProxyAntivirus'] as const) : []), 'retryLater'],
  },
  {
    verdict: 'clockSkew',
    basedOn: ['clockSkew'],
    matches: (get) => failed(get, 'clockSkew'),
    actions: () => ['setClockAutomatic'],
  },
];

export function worstStatus(findings: readonly Finding[]): FindingStatus {
  if (findings.some((f) => f.status === 'fail')) return 'fail';
  if (findings.some((f) => f.status === 'warn')) return 'warn';
  return 'pass';
}

export function decideVerdict(findings: readonly Finding[], os: OsFamily): Verdict {
  const get: Lookup = (key) => findings.find((f) => f.key === key);
  for (const rule of RULES) {
    if (rule.matches(get)) {
      const status = rule.basedOn.map(get).some((f) => f?.status === 'fail') ? 'fail' : 'warn';
      return { key: rule.verdict, status, actionKeys: [...new Set(rule.actions(os, get))].map((a) => `action.${a}`), basedOn: [...rule.basedOn], params: {} };
    }
  }
  const outcome = worstStatus(findings);
  if (outcome === 'fail') {
    return { key: 'unexplained', status: 'fail', actionKeys: ['action.sendReport'], basedOn: findings.filter((f) => f.status === 'fail').map((f) => f.key), params: {} };
  }
  return { key: 'allFine', status: outcome, actionKeys: [], basedOn: [], params: {} };
}

// The diagnosis report as it crosses the bridge (companion → UI) and lands in a file or a mail.
// Browser-safe: zod only. The report carries i18n keys (the UI renders them in its language) and the
// texts already rendered in the report's language (for save, clipboard and mail, and for the CLI).
import { z } from 'zod';
import { LANGUAGES } from '../i18n/languages.ts';

export const FINDING_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export const findingStatusSchema = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof findingStatusSchema>;

/** Every probe result, in the order the probes run (DIAGNOSTICS-NOTES §5). */
export const FINDING_KEYS = [
  'os',
  'appVersion',
  'pcscService',
  'pcscPlatform',
  'readers',
  'readerPinPad',
  'virtualReaders',
  'card',
  'cardType',
  'cardInUse',
  'identity',
  'dataSignature',
  'certValidity',
  'certChain',
  'pinTries',
  'remoteSession',
  'backendReachable',
  'backendTls',
  'proxy',
  'clockSkew',
] as const;
export const findingKeySchema = z.enum(FINDING_KEYS);
export type FindingKey = z.infer<typeof findingKeySchema>;

const i18nKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9.]{0,99}$/);
const paramValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);
export const findingParamsSchema = z.record(z.string().max(40), paramValue);
export type FindingParams = z.infer<typeof findingParamsSchema>;
export const findingValueSchema = z.union([
  z.string().max(2000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(32),
]);
export type FindingValue = z.infer<typeof findingValueSchema>;

export const findingSchema = z.strictObject({
  key: findingKeySchema,
  status: findingStatusSchema,
  /** A machine-readable value for the helpdesk (an ATR, a reader list, a skew in seconds…). */
  value: findingValueSchema,
  /** Key in the `diagnostics` namespace of the sentence that explains this result. */
  detailKey: i18nKey,
  params: findingParamsSchema,
});
export type Finding = z.infer<typeof findingSchema>;

export const VERDICT_KEYS = [
  'allFine',
  'pcscNotRunning',
  'pcscServiceDisabled',
  'pcscAccessDenied',
  'noReader',
  'readerDriverMissing',
  'noCard',
  'cardUnresponsive',
  'cardNotEid',
  'cardInUse',
  'cardDataInvalid',
  'certExpired',
  'certUntrusted',
  'pinBlocked',
  'remoteSession',
  'backendUnreachable',
  'backendTls',
  'clockSkew',
  'virtualReaderInTheWay',
  'unexplained',
] as const;
export const verdictKeySchema = z.enum(VERDICT_KEYS);
export type VerdictKey = z.infer<typeof verdictKeySchema>;

export const verdictSchema = z.strictObject({
  key: verdictKeySchema,
  status: findingStatusSchema,
  /** Keys (diagnostics namespace) of the fixes to offer, most useful first. */
  actionKeys: z.array(i18nKey).max(10),
  /** Findings that led to this verdict. */
  basedOn: z.array(findingKeySchema).max(FINDING_KEYS.length),
  params: findingParamsSchema,
});
export type Verdict = z.infer<typeof verdictSchema>;

/** The report is written in one of the app's languages. */
export const diagnosisLanguageSchema = z.enum(LANGUAGES);
export type DiagnosisLanguage = z.infer<typeof diagnosisLanguageSchema>;

export const diagnosisReportSchema = z.strictObject({
  /** Quoted by the customer on the phone: short, unambiguous characters. */
  reportId: z.string().regex(/^D-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{6}$/),
  createdAt: z.string().max(40),
  language: diagnosisLanguageSchema,
  appVersion: z.string().max(40),
  platform: z.enum(['windows', 'macos', 'linux', 'other']),
  /** Worst status over all findings: 'fail' makes `eid-companion diagnose` exit 1. */
  outcome: findingStatusSchema,
  verdict: verdictSchema,
  findings: z.array(findingSchema).max(64),
  personalDataIncluded: z.boolean(),
  /** Rendered in `language`: verdict, fix and findings, short enough for a mail body. */
  summary: z.string().max(4000),
  /** Rendered in `language`: the summary, then every finding, then the JSON block. For save and clipboard. */
  text: z.string().max(200_000),
  /** mailto: link to the helpdesk with the summary as body (bounded length). */
  mailto: z.string().max(6000),
  /** File name suggested for "save report". */
  fileName: z.string().regex(/^[\w.-]{1,80}$/),
});
export type DiagnosisReport = z.infer<typeof diagnosisReportSchema>;

/** Progress events while the probes run (the bridge's `diagnosisProgress` event has this shape). */
export const diagnosisProgressSchema = z.strictObject({
  step: z.number().int().min(0),
  total: z.number().int().min(1),
  probe: z.string().max(200),
});
export type DiagnosisProgress = z.infer<typeof diagnosisProgressSchema>;

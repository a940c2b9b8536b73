// The operating-system facts the diagnosis needs, as a port: native/platform implements it by running
// the OS's own tools (sc, reg, system_profiler, defaults, systemctl, journalctl) and parsing their
// output; tests pass recorded outputs. Every field may be unknown: a tool that is missing or times out
// must never stop the diagnosis.

export type OsFamily = 'windows' | 'macos' | 'linux' | 'other';

export interface OsInfo {
  readonly family: OsFamily;
  /** e.g. "10.0.22631" (Windows build), "14.5" (macOS), "6.1.0-18-amd64" (Linux kernel). */
  readonly release: string;
  readonly arch: string;
  /** Human name when the OS tells it ("Debian GNU/Linux 12 (bookworm)"), else null. */
  readonly name: string | null;
}

export type ServiceState = 'running' | 'stopped' | 'starting' | 'stopping' | 'paused' | 'not-installed' | 'unknown';
/** Windows start types; 'manual-triggered' is SCardSvr's default (starts when a reader arrives). */
export type StartType = 'auto' | 'manual' | 'manual-triggered' | 'disabled' | 'unknown';

export interface WindowsServiceReport {
  readonly kind: 'windows';
  /** SCardSvr, the Smart Card service. */
  readonly smartCard: { readonly state: ServiceState; readonly startType: StartType };
  /** ScDeviceEnum, which triggers SCardSvr on reader arrival. */
  readonly deviceEnum: { readonly state: ServiceState; readonly startType: StartType };
  /** Card names registered in Calais\SmartCards whose ATR is a Belgian eID (the minidriver). */
  readonly eidMinidriverCards: readonly string[];
}

export interface MacosServiceReport {
  readonly kind: 'macos';
  /** Readers that system_profiler lists (what CryptoTokenKit sees). */
  readonly readers: readonly { readonly name: string; readonly atr: string | null }[];
  /** Reader drivers listed (bundle id, version, path). */
  readonly readerDrivers: readonly { readonly id: string; readonly version: string | null; readonly path: string | null }[];
  /** An `ifd-ccid.bundle` is installed (the open-source CCID driver). */
  readonly ifdCcidInstalled: boolean;
  /** `useIFDCCID` from com.apple.security.smartcard; null when unset. */
  readonly useIfdCcid: boolean | null;
  /** Token extensions switched off in com.apple.security.smartcard. */
  readonly disabledTokens: readonly string[];
  /** Token (CTK) drivers listed; the PIV token may grab a card. */
  readonly tokenDrivers: readonly string[];
}

export type SystemdUnitState = 'active' | 'inactive' | 'failed' | 'activating' | 'deactivating' | 'not-found' | 'no-systemd' | 'unknown';

export interface LinuxServiceReport {
  readonly kind: 'linux';
  /** A pcscd process exists. null when it cannot be told. */
  readonly daemonRunning: boolean | null;
  readonly socketUnit: SystemdUnitState;
  readonly serviceUnit: SystemdUnitState;
  /** Recent polkit refusals logged by pcscd (access_pcsc / access_card). */
  readonly polkitDenials: readonly string[];
}

export interface OtherServiceReport {
  readonly kind: 'other';
}

export type ServiceReport = WindowsServiceReport | MacosServiceReport | LinuxServiceReport | OtherServiceReport;

export interface PlatformProbe {
  os(): Promise<OsInfo>;
  /** The PC/SC service as the OS sees it. Never rejects: unknown parts are 'unknown'. */
  pcscService(): Promise<ServiceReport>;
}

export { Companion, createCompanion, PIN_PAD_TIMEOUT_SECONDS } from './companion.ts';
export type { CompanionDeps, CompanionLog, CreateToken, ExternalLink, TokenSigner } from './companion.ts';
export { createDispatch, type Dispatch } from './dispatch.ts';
export type { CardPort, CardPortEvent, HashName, PinEntry, PinStatus } from './card-port.ts';
export { chooseReader } from './reader-choice.ts';
export { disabledUpdates, type UpdatesPort } from './updates-port.ts';

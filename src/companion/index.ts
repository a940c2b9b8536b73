export { Companion, createCompanion } from './companion.ts';
export type { CompanionDeps, CompanionLog, CreateToken, ExternalLink } from './companion.ts';
export { createDispatch, type Dispatch } from './dispatch.ts';
export type { CardPort, CardPortEvent } from './card-port.ts';
export { chooseReader } from './reader-choice.ts';
export { disabledUpdates, type UpdatesPort } from './updates-port.ts';

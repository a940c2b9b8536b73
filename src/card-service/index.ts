// The card service as the programs in main/ see it (a lint rule keeps them to this file): the service,
// its operations table, and the reports of the card commands.
export { CardService, type CardServiceEvents, type CardServiceOptions } from './card-service.ts';
export { diagnose, type DiagnosisHost } from './diagnosis.ts';
export {
  cardOperations,
  CARD_OPERATIONS,
  dispatchCardOperation,
  isLongOperation,
  secretsOf,
  type CardOperation,
  type CardOperationArgs,
  type CardOperationResult,
  type CardOperations,
} from './operations.ts';
export { readersReport, type ReadersReport, type ReaderCard } from './readers-report.ts';
export { cardReport, openCard } from './card-report.ts';
export { toCardError } from '../card/card-errors.ts';
export { parseIdentity } from '../card/identity-file.ts';
export { parseAddress } from '../card/address-file.ts';
export type { EidCard } from '../card/eid-card.ts';
export { PIN_PAD_TIMEOUT_SECONDS } from '../card/pin-entry.ts';

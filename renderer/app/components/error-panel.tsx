// The one way an error is shown: what happened (errors:<CODE>), what to do about it on this operating
// system (errors:fix.<fix>, from the contract's error-help table), the next useful step as a button,
// and the helpdesk with its hours. Never a dead end: itsme when the card or PIN cannot be used, the eID
// card when itsme is down, the diagnosis when the reader set-up fails, "try again" only when trying
// again can help. The first of those is the screen's primary action, unless the screen keeps its own.
import { useTranslation } from 'react-i18next';
import { errorHelp, type Fix } from '../../../src/contract/error-help.ts';
import type { AppErrorData, ErrorCode } from '../../../src/contract/errors.ts';
import { useEnvironment } from '../environment.tsx';
import type { Screen } from '../navigation.ts';
import { HelpdeskContactLine } from './helpdesk-footer.tsx';
import { CrossIcon, InfoIcon, WarningIcon } from './icons.tsx';
import { PrimaryButton } from './primary-action.tsx';

/** Fixes the installation guide explains step by step. */
const GUIDE_FIXES: ReadonlySet<Fix> = new Set<Fix>(['start-pcsc-service', 'connect-reader', 'insert-card', 'close-other-programs', 'reinsert-card']);
/** Something to do with the hands (plug the reader in, insert the card): the guide shows how, before any diagnosis. */
const HANDS_ON_FIXES: ReadonlySet<Fix> = new Set<Fix>(['connect-reader', 'insert-card']);
/** The reader set-up or the connection fails: the diagnosis can find the cause. */
const SETUP_PROBLEM = /^(PCSC_|READER_|CARD_UNRESPONSIVE$|CARD_COMMUNICATION$|CARD_IN_USE$|PIN_PAD_FAILED$|BACKEND_UNREACHABLE$|BACKEND_TIMEOUT$)/;
/** This card or its PIN cannot log in (now): itsme is the way on. */
const CARD_UNUSABLE = /^(CARD_UNKNOWN$|CARD_DATA_INVALID$|CARD_NO_SIGNATURE_KEY$|PIN_BLOCKED$|CERT_)/;

export type NextAction = 'retry' | 'eid' | 'itsme' | 'diagnosis' | 'guide';
/** The screen each action opens (retry stays where it is). */
const TARGET: Record<Exclude<NextAction, 'retry'>, 'eid' | 'itsme' | 'diagnosis' | 'install'> = { eid: 'eid', itsme: 'itsme', diagnosis: 'diagnosis', guide: 'install' };

/**
 * The next useful steps for a code, most useful first. `here` is the screen the panel is on: a button
 * that would open that same screen does nothing, so it is left out.
 */
export function nextActions(code: ErrorCode, canRetry: boolean, here?: Screen['name']): NextAction[] {
  const help = errorHelp(code);
  const actions: NextAction[] = [];
  if (help.fix === 'use-eid-card') actions.push('eid');
  // A cancelled step (info) can be taken again too; a fatal one cannot.
  if (canRetry && help.severity !== 'fatal') actions.push('retry');
  if (CARD_UNUSABLE.test(code)) actions.push('itsme');
  const guide = GUIDE_FIXES.has(help.fix);
  if (guide && HANDS_ON_FIXES.has(help.fix)) actions.push('guide');
  if (SETUP_PROBLEM.test(code)) actions.push('diagnosis');
  if (guide && !HANDS_ON_FIXES.has(help.fix)) actions.push('guide');
  return actions.filter((action) => action === 'retry' || TARGET[action] !== here);
}

export interface ErrorPanelProps {
  error: AppErrorData;
  /** Offered only for codes where the same step can succeed a second time. */
  onRetry?: () => void;
  level?: 2 | 3;
  /**
   * True (default): the panel's first action is the screen's primary one (Help when it has no other).
   * False: the screen shows its own primary action beside the panel, and the panel's stay secondary.
   */
  primary?: boolean;
}

export function ErrorPanel({ error, onRetry, level = 2, primary = true }: ErrorPanelProps) {
  const { t } = useTranslation(['errors', 'common', 'ui', 'itsme']);
  const { platform, navigate, screen } = useEnvironment();
  const help = errorHelp(error.code);
  const details = error.details ?? {};
  const values = { ...details, ...(typeof details.triesLeft === 'number' ? { count: details.triesLeft } : {}), context: platform };
  const Heading = level === 2 ? 'h2' : 'h3';
  const Icon = help.severity === 'info' ? InfoIcon : help.severity === 'retry' ? WarningIcon : CrossIcon;
  const titleId = `error-${error.code}`;
  const actions = nextActions(error.code, Boolean(onRetry), screen);
  const label: Record<NextAction, string> = {
    retry: t('common:actions.retry'),
    eid: t('itsme:useEid'),
    itsme: t('ui:actions.useItsme'),
    diagnosis: t('common:actions.diagnosis'),
    guide: t('common:actions.installGuide'),
  };
  const run = (action: NextAction) => (action === 'retry' ? onRetry?.() : navigate({ name: TARGET[action] }));
  const openHelp = () => navigate({ name: 'help' });
  return (
    <section className={`panel panel-${help.severity === 'info' ? 'info' : help.severity === 'retry' ? 'warning' : 'error'}`}
      aria-labelledby={titleId} data-error-code={error.code} data-severity={help.severity}>
      <Heading id={titleId} className="panel-title"><Icon /><span>{t(help.messageKey, values)}</span></Heading>
      {help.fix !== 'none' && <p>{t(help.fixKey, values)}</p>}
      <div className="actions">
        {actions.map((action, index) => (primary && index === 0
          ? <PrimaryButton key={action} onClick={() => run(action)}>{label[action]}</PrimaryButton>
          : <button key={action} type="button" className="button" onClick={() => run(action)}>{label[action]}</button>))}
        {/* Nothing else to try here: the helpdesk is the next step. */}
        {primary && actions.length === 0
          ? <PrimaryButton onClick={openHelp}>{t('common:actions.help')}</PrimaryButton>
          : <button type="button" className="button link" onClick={openHelp}>{t('common:actions.help')}</button>}
      </div>
      {help.severity !== 'info' && <HelpdeskContactLine />}
    </section>
  );
}

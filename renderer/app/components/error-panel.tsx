// The one way an error is shown: what happened (errors:<CODE>), what to do about it on this operating
// system (errors:fix.<fix>, from the contract's error-help table), the next useful step as a button,
// and the helpdesk with its hours. Never a dead end: itsme when the card or PIN cannot be used, the
// diagnosis when the reader set-up fails, "try again" only when trying again can help.
import { useTranslation } from 'react-i18next';
import { errorHelp, type Fix } from '../../../src/contract/error-help.ts';
import type { AppErrorData, ErrorCode } from '../../../src/contract/errors.ts';
import { useEnvironment } from '../environment.tsx';
import { HelpdeskContactLine } from './helpdesk-footer.tsx';
import { CrossIcon, InfoIcon, WarningIcon } from './icons.tsx';

/** Fixes the installation guide explains step by step. */
const GUIDE_FIXES: ReadonlySet<Fix> = new Set<Fix>(['start-pcsc-service', 'connect-reader', 'insert-card', 'close-other-programs', 'reinsert-card']);
/** The reader set-up or the connection fails: the diagnosis can find the cause. */
const SETUP_PROBLEM = /^(PCSC_|READER_|CARD_UNRESPONSIVE$|CARD_COMMUNICATION$|CARD_IN_USE$|PIN_PAD_FAILED$|BACKEND_UNREACHABLE$|BACKEND_TIMEOUT$)/;
/** This card or its PIN cannot log in (now): itsme is the way on. */
const CARD_UNUSABLE = /^(CARD_UNKNOWN$|CARD_DATA_INVALID$|CARD_NO_SIGNATURE_KEY$|PIN_BLOCKED$|CERT_)/;

export interface ErrorPanelProps {
  error: AppErrorData;
  /** Offered only for codes where the same step can succeed a second time. */
  onRetry?: () => void;
  level?: 2 | 3;
}

export function nextActions(code: ErrorCode, canRetry: boolean): Array<'retry' | 'itsme' | 'diagnosis' | 'guide'> {
  const help = errorHelp(code);
  const actions: Array<'retry' | 'itsme' | 'diagnosis' | 'guide'> = [];
  if (canRetry && help.severity === 'retry') actions.push('retry');
  if (CARD_UNUSABLE.test(code)) actions.push('itsme');
  if (SETUP_PROBLEM.test(code)) actions.push('diagnosis');
  if (GUIDE_FIXES.has(help.fix)) actions.push('guide');
  return actions;
}

export function ErrorPanel({ error, onRetry, level = 2 }: ErrorPanelProps) {
  const { t } = useTranslation(['errors', 'common', 'ui']);
  const { platform, navigate } = useEnvironment();
  const help = errorHelp(error.code);
  const details = error.details ?? {};
  const values = { ...details, ...(typeof details.triesLeft === 'number' ? { count: details.triesLeft } : {}), context: platform };
  const Heading = level === 2 ? 'h2' : 'h3';
  const Icon = help.severity === 'info' ? InfoIcon : help.severity === 'retry' ? WarningIcon : CrossIcon;
  const titleId = `error-${error.code}`;
  const actions = nextActions(error.code, Boolean(onRetry));
  // The first action is the screen's primary one; the rest stay secondary.
  const kind = (index: number) => (index === 0 ? 'button primary' : 'button');
  return (
    <section className={`panel panel-${help.severity === 'info' ? 'info' : help.severity === 'retry' ? 'warning' : 'error'}`}
      aria-labelledby={titleId} data-error-code={error.code} data-severity={help.severity}>
      <Heading id={titleId} className="panel-title"><Icon /><span>{t(help.messageKey, values)}</span></Heading>
      {help.fix !== 'none' && <p>{t(help.fixKey, values)}</p>}
      <div className="actions">
        {actions.map((action, index) => {
          switch (action) {
            case 'retry': return <button key={action} type="button" className={kind(index)} onClick={onRetry}>{t('common:actions.retry')}</button>;
            case 'itsme': return <button key={action} type="button" className={kind(index)} onClick={() => navigate({ name: 'itsme' })}>{t('ui:actions.useItsme')}</button>;
            case 'diagnosis': return <button key={action} type="button" className={kind(index)} onClick={() => navigate({ name: 'diagnosis' })}>{t('common:actions.diagnosis')}</button>;
            case 'guide': return <button key={action} type="button" className={kind(index)} onClick={() => navigate({ name: 'install' })}>{t('common:actions.installGuide')}</button>;
          }
        })}
        <button type="button" className="button link" onClick={() => navigate({ name: 'help' })}>{t('common:actions.help')}</button>
      </div>
      {help.severity !== 'info' && <HelpdeskContactLine />}
    </section>
  );
}

// The one way an error is shown: what happened (errors:<CODE>), what to do about it on this operating
// system (errors:fix.<fix>, from the contract's error-help table), and the buttons that help.
import { useTranslation } from 'react-i18next';
import { errorHelp, type Fix } from '../../../src/contract/error-help.ts';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import { useEnvironment } from '../environment.tsx';
import { CrossIcon, InfoIcon, WarningIcon } from './icons.tsx';

/** Fixes the installation guide explains step by step. */
const GUIDE_FIXES: ReadonlySet<Fix> = new Set<Fix>(['start-pcsc-service', 'connect-reader', 'insert-card', 'close-other-programs', 'reinsert-card']);
/** Codes for which the diagnosis can find a cause: every reader, card, PIN, certificate and connection problem. */
const DIAGNOSABLE = /^(PCSC|READER|CARD|PIN|CERT|BACKEND|OCSP)_/;

export interface ErrorPanelProps {
  error: AppErrorData;
  onRetry?: () => void;
  level?: 2 | 3;
}

export function ErrorPanel({ error, onRetry, level = 2 }: ErrorPanelProps) {
  const { t } = useTranslation(['errors', 'common']);
  const { platform, navigate } = useEnvironment();
  const help = errorHelp(error.code);
  const details = error.details ?? {};
  const values = { ...details, ...(typeof details.triesLeft === 'number' ? { count: details.triesLeft } : {}), context: platform };
  const Heading = level === 2 ? 'h2' : 'h3';
  const Icon = help.severity === 'info' ? InfoIcon : help.severity === 'retry' ? WarningIcon : CrossIcon;
  const titleId = `error-${error.code}`;
  return (
    <section className={`panel panel-${help.severity === 'info' ? 'info' : help.severity === 'retry' ? 'warning' : 'error'}`}
      aria-labelledby={titleId} data-error-code={error.code} data-severity={help.severity}>
      <Heading id={titleId} className="panel-title"><Icon /><span>{t(help.messageKey, values)}</span></Heading>
      {help.fix !== 'none' && <p>{t(help.fixKey, values)}</p>}
      <div className="actions">
        {onRetry && help.severity !== 'fatal' && (
          <button type="button" className="button primary" onClick={onRetry}>{t('common:actions.retry')}</button>
        )}
        {GUIDE_FIXES.has(help.fix) && (
          <button type="button" className="button" onClick={() => navigate({ name: 'install' })}>{t('common:actions.installGuide')}</button>
        )}
        {DIAGNOSABLE.test(error.code) && (
          <button type="button" className="button" onClick={() => navigate({ name: 'diagnosis' })}>{t('common:actions.diagnosis')}</button>
        )}
        <button type="button" className="button link" onClick={() => navigate({ name: 'help' })}>{t('common:actions.help')}</button>
      </div>
    </section>
  );
}

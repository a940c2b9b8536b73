// "Send to the MyVivium helpdesk": the customer first sees exactly what will be sent (the report on
// screen, redacted unless they chose otherwise before the diagnosis) and confirms; the backend answers a
// six-character code, shown large to read out on the phone, and copyable. "Send" is the screen's primary
// action when asked; once opened, "Yes, send" is; with the code shown the next step is the phone call.
import { useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosisReport } from '../../../src/contract/diagnosis.ts';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import type { SupportReportReply } from '../../../src/contract/support-report.ts';
import { formatDate } from '../../../src/i18n/regional-format.ts';
import { useAnnounce } from '../announcer.tsx';
import { asAppError, invoke, useBridge } from '../bridge-context.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';
import { useEnvironment } from '../environment.tsx';

type Step = { kind: 'idle' } | { kind: 'confirming' } | { kind: 'sending' } | { kind: 'sent'; reply: SupportReportReply } | { kind: 'failed'; error: AppErrorData };

export interface SendToHelpdeskProps {
  report: DiagnosisReport;
  /** Whether "Send to the helpdesk" is the screen's primary action (it is not when everything works). */
  primary: boolean;
  /** Told when the confirmation opens and closes: while open, its "Yes, send" is the primary action. */
  onConfirming: (confirming: boolean) => void;
}

export function SendToHelpdesk({ report, primary, onConfirming }: SendToHelpdeskProps) {
  const { t } = useTranslation('support-send');
  const bridge = useBridge();
  const announce = useAnnounce();
  const { language } = useEnvironment();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [notice, setNotice] = useState('');
  const confirming = step.kind === 'confirming' || step.kind === 'sending' || step.kind === 'failed';
  // Before paint, so the screen never shows two primary actions for a frame.
  useLayoutEffect(() => onConfirming(confirming), [confirming, onConfirming]);

  async function send() {
    setStep({ kind: 'sending' });
    announce(t('sending'));
    try {
      const reply = await invoke(bridge, 'diagnosis.send', { report });
      setStep({ kind: 'sent', reply });
      announce(`${t('readCode')}: ${t('codeSpelled', { spelled: spell(reply.code) })}`);
    } catch (caught) {
      const error = asAppError(caught).toJSON();
      setStep({ kind: 'failed', error });
      announce(t(`errors:${error.code}`), 'assertive');
    }
  }

  async function copy(code: string) {
    let message: string;
    try {
      await navigator.clipboard.writeText(code);
      message = t('copied');
    } catch {
      message = t('copyFailed');
    }
    setNotice(message);
    announce(message);
  }

  if (step.kind === 'sent') {
    const { code, expiresAt } = step.reply;
    return (
      <section className="panel support-code" aria-labelledby="support-code-title">
        <h2 id="support-code-title">{t('codeTitle')}</h2>
        <p>{t('readCode')}</p>
        {/* A paragraph cannot be named (ARIA), so screen readers get the spelled code as hidden text instead. */}
        <p className="support-code-value">
          <span aria-hidden="true">{code}</span>
          <span className="visually-hidden">{t('codeSpelled', { spelled: spell(code) })}</span>
        </p>
        <div className="actions">
          <button type="button" className="button" onClick={() => void copy(code)}>{t('copy')}</button>
        </div>
        {notice && <p className="hint">{notice}</p>}
        <p className="hint">{t('expires', { date: formatDate(new Date(expiresAt), language) })}</p>
      </section>
    );
  }

  if (step.kind === 'idle') {
    return (
      <div className="actions">
        {primary
          ? <PrimaryButton onClick={() => setStep({ kind: 'confirming' })}>{t('send')}</PrimaryButton>
          : <button type="button" className="button" onClick={() => setStep({ kind: 'confirming' })}>{t('send')}</button>}
      </div>
    );
  }

  return (
    <section className="panel" aria-labelledby="support-confirm-title">
      <h2 id="support-confirm-title">{t('confirmTitle')}</h2>
      <p>{t('confirmIntro')}</p>
      <p><strong>{report.personalDataIncluded ? t('personalIncluded') : t('personalExcluded')}</strong> {t('keptFor')}</p>
      {/* Focusable so keyboard users can scroll it; a named region, since a bare <pre> cannot be named. */}
      <pre className="support-preview" tabIndex={0} role="region" aria-label={t('previewLabel')}>{report.text}</pre>
      {/* "Yes, send" stays the primary action: it is the way to try again. */}
      {step.kind === 'failed' && <ErrorPanel error={step.error} level={3} primary={false} />}
      <div className="actions">
        <PrimaryButton disabled={step.kind === 'sending'} onClick={() => void send()}>
          {step.kind === 'sending' ? t('sending') : t('confirm')}
        </PrimaryButton>
        <button type="button" className="button" disabled={step.kind === 'sending'} onClick={() => setStep({ kind: 'idle' })}>{t('cancel')}</button>
      </div>
    </section>
  );
}

/** "K7P2XM" → "K 7 P 2 X M": screen readers say each character instead of guessing a word. */
function spell(code: string): string {
  return code.split('').join(' ');
}

// The helpdesk diagnosis: runs the probes with progress, shows the verdict and its fix first, then the
// details; the report can be saved, copied or mailed; personal data stays out unless the user asks.
// The primary action: start it; then, when everything works, log in with the eID card; else send the
// report to the helpdesk (while that is being confirmed, its "Yes, send" is the one).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { diagnosisReportSchema, type DiagnosisProgress, type DiagnosisReport, type FindingStatus } from '../../../src/contract/diagnosis.ts';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import { formatDate, formatTime } from '../../../src/i18n/regional-format.ts';
import { hasSaveDialog } from '../../bridge/index.ts';
import { asAppError, invoke, useBridge } from '../bridge-context.tsx';
import { useAnnounce } from '../announcer.tsx';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';
import { StatusMark, type StepStatus } from '../components/status-mark.tsx';
import { SendToHelpdesk } from './send-to-helpdesk.tsx';

type Phase = 'intro' | 'running' | 'done' | 'failed';
type Feedback = null | 'solved' | 'not-solved';

const MARK: Record<FindingStatus, StepStatus> = { pass: 'pass', warn: 'warn', fail: 'fail', skip: 'skip' };

/** Saves text as a file through the browser's download (no save dialog in a page). */
function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function DiagnosisScreen() {
  const { t } = useTranslation(['diagnosis-ui', 'diagnostics', 'common', 'ui', 'itsme']);
  const bridge = useBridge();
  const announce = useAnnounce();
  const { language, navigate } = useEnvironment();
  const [phase, setPhase] = useState<Phase>('intro');
  const [includePersonalData, setIncludePersonalData] = useState(false);
  const [progress, setProgress] = useState<DiagnosisProgress | null>(null);
  const [report, setReport] = useState<DiagnosisReport | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState('');
  const [feedback, setFeedback] = useState<Feedback>(null);
  /** The customer is confirming what goes to the helpdesk: that step holds the primary action. */
  const [confirmingSend, setConfirmingSend] = useState(false);
  const heading = useFocusHeading(phase);

  useEffect(() => bridge.on('diagnosisProgress', setProgress), [bridge]);

  async function run() {
    setPhase('running');
    setProgress(null);
    setReport(null);
    setError(null);
    setNotice('');
    setFeedback(null);
    setConfirmingSend(false);
    announce(t('running'));
    try {
      const payload = await invoke(bridge, 'diagnosis.run', { includePersonalData, language });
      const parsed = diagnosisReportSchema.safeParse(payload);
      if (!parsed.success) throw asAppError(new Error('the diagnosis report does not match its schema'));
      setReport(parsed.data);
      setPhase('done');
      announce(t(`diagnostics:verdict.${parsed.data.verdict.key}.title`, parsed.data.verdict.params));
    } catch (caught) {
      const appError = asAppError(caught).toJSON();
      setError(appError);
      setPhase('failed');
      announce(t(`errors:${appError.code}`), 'assertive');
    }
  }

  async function save() {
    if (!report) return;
    try {
      const result = await invoke(bridge, 'diagnosis.save', { text: report.text, suggestedName: report.fileName });
      if (result.saved) setNotice(t('report.saved'));
      else if (hasSaveDialog()) setNotice(t('report.notSaved')); // the user closed the dialog
      else {
        downloadText(report.text, report.fileName);
        setNotice(t('ui:diagnosis.downloaded'));
      }
    } catch (caught) {
      setError(asAppError(caught).toJSON());
    }
  }

  async function copy() {
    if (!report) return;
    try {
      await navigator.clipboard.writeText(report.text);
      setNotice(t('report.copied'));
    } catch {
      setNotice(t('report.copyFailed'));
    }
  }

  async function mail() {
    if (!report) return;
    try {
      await invoke(bridge, 'diagnosis.mail', { summary: report.summary });
      setNotice(t('report.mailOpened'));
    } catch (caught) {
      setError(asAppError(caught).toJSON());
    }
  }

  useEffect(() => {
    if (notice) announce(notice);
  }, [notice, announce]);

  return (
    <section className="screen" aria-labelledby="diagnosis-title">
      <h1 id="diagnosis-title" ref={phase === 'done' ? undefined : heading} tabIndex={-1}>{t('title')}</h1>
      {(phase === 'intro' || phase === 'failed') && (
        <>
          <p className="lead">{t('intro')}</p>
          <p className="hint">{t('noPin')}</p>
          <label className="checkbox">
            <input type="checkbox" checked={includePersonalData} onChange={(event) => setIncludePersonalData(event.target.checked)} />
            {t('includePersonalData')}
          </label>
          <p className="hint" id="personal-data-hint">{t('personalDataHint')}</p>
          <div className="actions">
            <PrimaryButton onClick={() => void run()}>{t('start')}</PrimaryButton>
          </div>
          {/* "Start the diagnosis" stays the primary action: it is the way to try again. */}
          {error && <ErrorPanel error={error} primary={false} />}
        </>
      )}
      {phase === 'running' && (
        <div className="progress-block">
          <label htmlFor="diagnosis-progress">{t('running')}</label>
          <progress id="diagnosis-progress" max={progress?.total ?? 1} value={progress ? progress.step : undefined} />
          {progress && (
            <p className="hint">
              {t('progress', { step: progress.step, total: progress.total })}
              {progress.probe !== 'done' && ` — ${t(`diagnostics:probe.${progress.probe}`, { defaultValue: '' })}`}
            </p>
          )}
        </div>
      )}
      {phase === 'done' && report && (
        <>
          <section className={`panel verdict verdict-${report.verdict.status}`} aria-labelledby="verdict-title" data-verdict={report.verdict.key}>
            <h2 id="verdict-title" ref={heading} tabIndex={-1}>
              <StatusMark status={MARK[report.verdict.status]} />{' '}
              {t(`diagnostics:verdict.${report.verdict.key}.title`, report.verdict.params)}
            </h2>
            <p>{t(`diagnostics:verdict.${report.verdict.key}.explanation`, report.verdict.params)}</p>
            {report.findings.some((f) => f.status === 'skip') && <p>{t('ui:diagnosis.someSkipped')}</p>}
            {report.verdict.actionKeys.length > 0 && (
              <>
                <h3>{t('whatToDo')}</h3>
                <ol className="steps">
                  {report.verdict.actionKeys.map((key) => <li key={key}>{t(`diagnostics:${key}`, report.verdict.params)}</li>)}
                </ol>
              </>
            )}
            <p className="report-id">
              {t('report.id')} <strong data-testid="report-id">{report.reportId}</strong>
              {' · '}
              {formatDate(new Date(report.createdAt), language)} {formatTime(new Date(report.createdAt), language)}
            </p>
          </section>
          <div className="actions">
            {report.verdict.status === 'pass' && !confirmingSend && (
              <PrimaryButton onClick={() => navigate({ name: 'eid' })}>{t('itsme:useEid')}</PrimaryButton>
            )}
            <button type="button" className="button" onClick={() => void save()}>{t('report.save')}</button>
            <button type="button" className="button" onClick={() => void copy()}>{t('report.copy')}</button>
            <button type="button" className="button" onClick={() => void mail()}>{t('report.mail')}</button>
            <button type="button" className="button link" onClick={() => void run()}>{t('runAgain')}</button>
          </div>
          {notice && <p className="hint">{notice}</p>}
          {error && <ErrorPanel error={error} primary={false} />}
          <SendToHelpdesk key={report.reportId} report={report} primary={report.verdict.status !== 'pass'} onConfirming={setConfirmingSend} />
          {report.outcome === 'fail' && <section className="panel" aria-labelledby="feedback-title">
            <h2 id="feedback-title">{t('feedback.question')}</h2>
            {feedback === null ? (
              <div className="actions">
                <button type="button" className="button" onClick={() => { setFeedback('solved'); announce(t('feedback.thanks')); }}>{t('feedback.yes')}</button>
                <button type="button" className="button" onClick={() => { setFeedback('not-solved'); announce(t('feedback.contact', { id: report.reportId })); }}>{t('feedback.no')}</button>
              </div>
            ) : (
              <p>{feedback === 'solved' ? t('feedback.thanks') : t('feedback.contact', { id: report.reportId })}</p>
            )}
          </section>}
          <section aria-labelledby="details-title">
            <h2 id="details-title">{t('details')}</h2>
            <ul className="findings">
              {report.findings.map((finding) => (
                <li key={finding.key} className={`finding finding-${finding.status}`} data-finding={finding.key}>
                  <StatusMark status={MARK[finding.status]} />
                  <span className="finding-text">
                    <span className="finding-title">{t(`diagnostics:finding.${finding.key}`)}</span>
                    <span className="finding-detail">
                      {t(`diagnostics:${finding.detailKey}`, finding.params)}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}

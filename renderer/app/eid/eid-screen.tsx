// Log in with the eID card: a live checklist that follows the reader monitor (service, reader, card,
// holder), then "Log in as <name>", the PIN step and the outcome.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanionState, MethodResult, ReaderOverview } from '../../../src/contract/bridge.ts';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import { formatDate } from '../../../src/i18n/regional-format.ts';
import { asAppError, invoke, useBridge } from '../bridge-context.tsx';
import { useAnnounce } from '../announcer.tsx';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { afterLogin } from '../navigation.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { HelpdeskContactLine } from '../components/helpdesk-footer.tsx';
import { CrossIcon, KeypadIcon } from '../components/icons.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';
import { StatusMark } from '../components/status-mark.tsx';
import { buildChecklist, companionError, firstProblem, type Checklist, type ChecklistStep, type SummaryState } from './checklist-model.ts';
import { PinStep } from './pin-step.tsx';

type Prepared = MethodResult<'login.prepare'>;

/** How long the checklist waits for the companion's first answer before saying it cannot reach it. */
const COMPANION_WAIT_MS = 8000;

export function EidScreen() {
  const { t } = useTranslation(['eid', 'common', 'errors']);
  const bridge = useBridge();
  const { navigate } = useEnvironment();
  const announce = useAnnounce();
  const [overview, setOverview] = useState<ReaderOverview | null>(null);
  const [companion, setCompanion] = useState<CompanionState | null>(null);
  const [summary, setSummary] = useState<SummaryState>({ kind: 'none' });
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [preparing, setPreparing] = useState(false);
  const [loginError, setLoginError] = useState<AppErrorData | null>(null);
  const [loadError, setLoadError] = useState<AppErrorData | null>(null);

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setLoadError(null);
    const offReaders = bridge.on('readers', (next) => live && setOverview(next));
    const offState = bridge.on('state', (next) => live && setCompanion(next));
    // A companion that never answers must not leave four lines "Checking…" forever.
    const timer = setTimeout(() => live && setLoadError({ code: 'INTERNAL', message: 'the companion does not answer' }), COMPANION_WAIT_MS);
    invoke(bridge, 'readers.state', {}).then(
      (result) => {
        if (!live) return;
        clearTimeout(timer);
        setOverview((current) => current ?? result.overview);
        setCompanion((current) => current ?? result.state);
      },
      (error) => {
        if (!live) return;
        clearTimeout(timer);
        setLoadError(asAppError(error).toJSON());
      },
    );
    return () => {
      live = false;
      clearTimeout(timer);
      offReaders();
      offState();
    };
  }, [bridge, attempt]);

  const preliminary = useMemo(() => buildChecklist(overview, { kind: 'none' }), [overview]);
  const cardKey = preliminary.reader?.card?.type === 'belgian-eid' && preliminary.reader.state === 'card'
    ? `${preliminary.reader.name}|${preliminary.reader.card.atr}` : null;
  const readerName = preliminary.reader?.name;

  // A new Belgian eID in the reader: read who it belongs to (no PIN). Any card change starts over.
  useEffect(() => {
    setPrepared(null);
    setLoginError(null);
    if (!cardKey || !readerName) {
      setSummary({ kind: 'none' });
      return;
    }
    let live = true;
    setSummary({ kind: 'loading' });
    invoke(bridge, 'card.summary', { reader: readerName }).then(
      (result) => live && setSummary({ kind: 'loaded', summary: result }),
      (error) => live && setSummary({ kind: 'failed', error: asAppError(error).toJSON() }),
    );
    return () => {
      live = false;
    };
  }, [bridge, cardKey, readerName]);

  const checklist = useMemo(() => buildChecklist(overview, summary), [overview, summary]);
  const problem = firstProblem(checklist);
  const fatal = companionError(companion);
  const holderName = summary.kind === 'loaded' ? `${summary.summary.holder.givenNames} ${summary.summary.holder.surname}` : '';

  // Tell screen readers what changed: the problem to fix, or that the card is ready.
  const spoken = problem?.code ? t(`errors:${problem.code}`) : checklist.ready ? t('ready', { name: holderName }) : '';
  const lastSpoken = useRef('');
  useEffect(() => {
    if (spoken && spoken !== lastSpoken.current) announce(spoken);
    lastSpoken.current = spoken;
  }, [spoken, announce]);

  const markPinBlocked = useCallback(() => setSummary((current) => current.kind === 'loaded' && !current.summary.pin.blocked
    ? { kind: 'loaded', summary: { ...current.summary, pin: { triesLeft: 0, blocked: true } } }
    : current), []);

  async function startLogin() {
    setPreparing(true);
    setLoginError(null);
    try {
      setPrepared(await invoke(bridge, 'login.prepare', readerName ? { reader: readerName } : {}));
    } catch (error) {
      const appError = asAppError(error).toJSON();
      setLoginError(appError);
      announce(t(`errors:${appError.code}`));
    } finally {
      setPreparing(false);
    }
  }

  if (loadError) return <UnreachablePanel onRetry={() => setAttempt((n) => n + 1)} />;

  if (prepared) {
    return (
      <PinStep
        prepared={prepared}
        onDone={(account) => navigate(afterLogin(account))}
        onBlocked={markPinBlocked}
        onBack={() => {
          void invoke(bridge, 'login.cancel', { loginId: prepared.loginId }).catch(() => undefined);
          setPrepared(null);
        }}
      />
    );
  }

  return (
    <ChecklistView
      checklist={checklist}
      summary={summary}
      problem={problem}
      fatal={fatal}
      reconnecting={companion?.phase === 'reconnecting'}
      holderName={holderName}
      preparing={preparing}
      loginError={loginError}
      onLogin={() => void startLogin()}
    />
  );
}

interface ChecklistViewProps {
  checklist: Checklist;
  summary: SummaryState;
  problem: ChecklistStep | null;
  fatal: AppErrorData | null;
  reconnecting: boolean;
  holderName: string;
  preparing: boolean;
  loginError: AppErrorData | null;
  onLogin: () => void;
}

function ChecklistView({ checklist, summary, problem, fatal, reconnecting, holderName, preparing, loginError, onLogin }: ChecklistViewProps) {
  const { t } = useTranslation(['eid', 'common']);
  const { navigate } = useEnvironment();
  const heading = useFocusHeading();
  const canLogIn = checklist.ready && !loginError;
  return (
    <section className="screen" aria-labelledby="eid-title">
      <h1 id="eid-title" ref={heading} tabIndex={-1}>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {reconnecting && <p className="panel panel-info">{t('reconnecting')}</p>}
      <ol className="checklist" aria-label={t('checklistLabel')}>
        {checklist.steps.map((step) => (
          <li key={step.id} className={`check check-${step.status}`} data-step={step.id} data-status={step.status}>
            <StatusMark status={step.status} />
            <div className="check-text">
              <span className="check-title">{t(`steps.${step.id}.title`)}</span>
              <StepDetail step={step} checklist={checklist} summary={summary} />
            </div>
          </li>
        ))}
      </ol>
      {/* One panel at a time: the companion's own error, else the login's, else the checklist's first problem.
          One primary action: "Log in as" when the card is ready, else the panel's next step. */}
      {fatal ? <ErrorPanel error={fatal} primary={!canLogIn} />
        : loginError ? <ErrorPanel error={loginError} onRetry={onLogin} />
          : problem?.code && <ErrorPanel error={{ code: problem.code, message: problem.code }} />}
      {canLogIn && (
        <div className="actions">
          <PrimaryButton onClick={onLogin} disabled={preparing}>{t('loginAs', { name: holderName })}</PrimaryButton>
        </div>
      )}
      {preparing && <p className="progress-text"><progress aria-label={t('preparing')} /> {t('preparing')}</p>}
      <div className="actions secondary">
        <button type="button" className="button link" onClick={() => navigate({ name: 'login' })}>{t('common:actions.back')}</button>
      </div>
    </section>
  );
}

function StepDetail({ step, checklist, summary }: { step: ChecklistStep; checklist: Checklist; summary: SummaryState }) {
  const { t } = useTranslation(['eid', 'errors']);
  const { language } = useEnvironment();
  if (step.code) return <span className="check-detail">{t(`errors:${step.code}`)}</span>;
  if (step.status === 'busy') return <span className="check-detail">{t(`steps.${step.id}.busy`)}</span>;
  if (step.status === 'pending') return <span className="check-detail">{t('steps.pending')}</span>;
  const reader = checklist.reader;
  switch (step.id) {
    case 'service':
      return <span className="check-detail">{t('steps.service.ok')}</span>;
    case 'reader':
      return (
        <span className="check-detail">
          {reader?.name}
          {reader?.pinPad && <span className="badge"><KeypadIcon /> {t('steps.reader.pinPad')}</span>}
        </span>
      );
    case 'card':
      return <span className="check-detail">{t('steps.card.belgianEid', { applet: reader?.card?.applet ?? '' })}</span>;
    case 'holder': {
      if (summary.kind !== 'loaded') return null;
      const { holder, authCertificate } = summary.summary;
      return (
        <span className="check-detail">
          <span className="holder-name">{`${holder.givenNames} ${holder.surname}`}</span>
          {' — '}
          {t('steps.holder.validUntil', { date: formatDate(new Date(authCertificate.notAfter), language) })}
        </span>
      );
    }
  }
}

/** The UI cannot reach the app's background service: one panel, with a way out. */
function UnreachablePanel({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation(['ui', 'eid', 'common']);
  const { navigate } = useEnvironment();
  const heading = useFocusHeading();
  return (
    <section className="screen" aria-labelledby="eid-title">
      <h1 id="eid-title" ref={heading} tabIndex={-1}>{t('eid:title')}</h1>
      <section className="panel panel-error" aria-labelledby="unreachable-title" data-error-code="UNREACHABLE">
        <h2 id="unreachable-title" className="panel-title"><CrossIcon /><span>{t('unreachable.title')}</span></h2>
        <p>{t('unreachable.explain')}</p>
        <div className="actions">
          <PrimaryButton onClick={onRetry}>{t('unreachable.retry')}</PrimaryButton>
          <button type="button" className="button" onClick={() => navigate({ name: 'itsme' })}>{t('actions.useItsme')}</button>
          <button type="button" className="button link" onClick={() => navigate({ name: 'help' })}>{t('common:actions.help')}</button>
        </div>
        <HelpdeskContactLine />
      </section>
    </section>
  );
}

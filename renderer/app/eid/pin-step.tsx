// The PIN: tries left shown before typing, masked digits (4–12), "incorrect PIN, N tries left",
// a blocked PIN with what to do next, or the reader's own PIN pad with a countdown; then progress
// while the card signs. The PIN lives only in this input until it is sent, then the field is emptied.
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, MethodResult } from '../../../src/contract/bridge.ts';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import { errorHelp } from '../../../src/contract/error-help.ts';
import { asAppError, invoke, useBridge } from '../bridge-context.tsx';
import { useAnnounce } from '../announcer.tsx';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { DigitsField } from '../components/digits-field.tsx';
import { ErrorPanel, nextActions } from '../components/error-panel.tsx';
import { KeypadIcon, LockIcon, WarningIcon } from '../components/icons.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';

type Prepared = MethodResult<'login.prepare'>;
type Phase = 'entry' | 'pin-pad' | 'signing' | 'blocked' | 'failed';

const PIN_PATTERN = /^\d{4,12}$/;
/** A Belgian eID blocks its PIN after three wrong attempts. */
const MAX_TRIES = 3;

export interface PinStepProps {
  prepared: Prepared;
  onDone: (account: Account) => void;
  /** The card said its PIN is blocked: the checklist must no longer offer this card. */
  onBlocked: () => void;
  onBack: () => void;
}

export function PinStep({ prepared, onDone, onBlocked, onBack }: PinStepProps) {
  const { t } = useTranslation(['pin', 'errors', 'common']);
  const bridge = useBridge();
  const announce = useAnnounce();
  const startsOnPinPad = prepared.pinPad && prepared.triesLeft !== 0;
  const [phase, setPhase] = useState<Phase>(prepared.triesLeft === 0 ? 'blocked' : startsOnPinPad ? 'pin-pad' : 'entry');
  const [triesLeft, setTriesLeft] = useState(prepared.triesLeft);
  const [pin, setPin] = useState('');
  const [formatError, setFormatError] = useState(false);
  const [wrongPin, setWrongPin] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [countdown, setCountdown] = useState<number | null>(null);
  /** Each PIN-pad attempt (1, 2, …) asks the reader once; 0 while the PIN is typed in the app. */
  const [pinPadAttempt, setPinPadAttempt] = useState(startsOnPinPad ? 1 : 0);
  const heading = useFocusHeading(phase);
  const input = useRef<HTMLInputElement>(null);
  const [wrongCount, setWrongCount] = useState(0);

  // On the PIN form the field, not the heading, has focus: digits typed at once land in it, also after
  // a wrong PIN. The heading is still said, through the live region. (Declared after useFocusHeading,
  // so this effect runs last.)
  const title = t('title', { name: prepared.holderName });
  useEffect(() => {
    if (phase !== 'entry') return;
    input.current?.focus();
    if (wrongCount === 0) announce(title);
  }, [wrongCount, phase, announce, title]);

  useEffect(() => {
    if (phase !== 'blocked') return;
    announce(t('blocked.title'), 'assertive');
    onBlocked();
  }, [phase, announce, t, onBlocked]);

  // The companion reports when the card is signing (after a PIN-pad entry, too).
  useEffect(() => bridge.on('state', (state) => {
    if (state.phase === 'signing') setPhase((current) => (current === 'pin-pad' ? 'signing' : current));
  }), [bridge]);

  useEffect(() => bridge.on('pinPad', (event) => setCountdown(event.timeoutSeconds)), [bridge]);

  useEffect(() => {
    if (countdown === null || countdown <= 0 || phase !== 'pin-pad') return;
    const timer = setTimeout(() => setCountdown((value) => (value === null ? null : value - 1)), 1000);
    return () => clearTimeout(timer);
  }, [countdown, phase]);

  function fail(caught: unknown, retryPhase: Phase) {
    const appError = asAppError(caught).toJSON();
    const left = typeof appError.details?.triesLeft === 'number' ? appError.details.triesLeft : null;
    if (appError.code === 'PIN_BLOCKED' || (appError.code === 'PIN_WRONG' && left === 0)) {
      setTriesLeft(0);
      setPhase('blocked');
      return;
    }
    if (appError.code === 'PIN_WRONG') {
      setTriesLeft(left);
      setWrongPin(true);
      setPhase(retryPhase);
      if (retryPhase === 'pin-pad') setPinPadAttempt((n) => n + 1); // the reader asks again
      announce(left === null ? t('wrong.unknownTries') : t('wrong.triesLeft', { count: left }));
      setWrongCount((n) => n + 1);
      return;
    }
    setError(appError);
    setPhase('failed');
    announce(t(`errors:${appError.code}`), errorHelp(appError.code).severity === 'fatal' ? 'assertive' : 'polite');
  }

  // PIN-pad mode: the reader asks for the PIN itself; the app waits with a countdown. One request per
  // attempt: it outlives the renders in between (the phase moves on to "signing" while it runs), so it
  // answers through the latest callbacks rather than restarting when they change.
  const settle = useRef({ onDone, fail });
  useEffect(() => {
    settle.current = { onDone, fail };
  });
  const { loginId } = prepared;
  useEffect(() => {
    if (pinPadAttempt === 0) return;
    let live = true;
    setCountdown(null);
    invoke(bridge, 'login.complete', { loginId, usePinPad: true }).then(
      (result) => live && settle.current.onDone(result.account),
      (caught) => live && settle.current.fail(caught, 'pin-pad'),
    );
    return () => {
      live = false;
    };
  }, [pinPadAttempt, bridge, loginId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!PIN_PATTERN.test(pin)) {
      setFormatError(true);
      input.current?.focus();
      return;
    }
    const typed = pin;
    setPin('');
    setFormatError(false);
    setWrongPin(false);
    setPhase('signing');
    announce(t('signing'));
    try {
      const result = await invoke(bridge, 'login.complete', { loginId: prepared.loginId, pin: typed });
      onDone(result.account);
    } catch (caught) {
      fail(caught, 'entry');
    }
  }

  function retry() {
    setError(null);
    setWrongPin(false);
    if (prepared.pinPad) {
      setPhase('pin-pad');
      setPinPadAttempt((n) => n + 1);
    } else {
      setPhase('entry');
    }
  }

  if (phase === 'blocked') return <BlockedPin headingRef={heading} onBack={onBack} />;

  return (
    <section className="screen" aria-labelledby="pin-title">
      <h1 id="pin-title" ref={heading} tabIndex={-1}>{t('title', { name: prepared.holderName })}</h1>
      {phase === 'entry' && (
        <form className="pin-form" onSubmit={(event) => void submit(event)} noValidate>
          <TriesLeft triesLeft={triesLeft} wrongPin={wrongPin} />
          <DigitsField
            id="pin-input" label={t('label')} hintId="pin-hint" hint={t('hint')} inputRef={input} className="pin-input" secret
            autoComplete="off" maxLength={12} value={pin} onChange={setPin}
            invalid={formatError || wrongPin} alsoDescribedBy={formatError ? 'pin-format-error' : 'pin-tries'}
          />
          {formatError && <p id="pin-format-error" className="field-error"><WarningIcon /> {t('errors:PIN_FORMAT')}</p>}
          <div className="actions">
            <PrimaryButton type="submit">{t('submit')}</PrimaryButton>
            <button type="button" className="button link" onClick={onBack}>{t('common:actions.cancel')}</button>
          </div>
        </form>
      )}
      {phase === 'pin-pad' && (
        <div className="pin-pad">
          <TriesLeft triesLeft={triesLeft} wrongPin={wrongPin} />
          <p className="panel panel-info"><KeypadIcon /><span>{t('pinPad.instruction')}</span></p>
          {countdown !== null && (
            <p className="countdown" role="timer" aria-live="off">{t('pinPad.countdown', { count: countdown })}</p>
          )}
          <div className="actions">
            <button type="button" className="button" onClick={() => void invoke(bridge, 'cancel', {}).catch(() => undefined)}>
              {t('common:actions.cancel')}
            </button>
          </div>
        </div>
      )}
      {phase === 'signing' && (
        <p className="progress-text"><progress aria-label={t('signing')} /> {t('signing')}</p>
      )}
      {phase === 'failed' && error && (
        <FailedLogin error={error} onRetry={error.code.startsWith('PIN_') ? retry : undefined} onBack={onBack} />
      )}
    </section>
  );
}

/** The login failed after the PIN: the panel's next step, or, when it has none, back to the checklist to start over. */
function FailedLogin({ error, onRetry, onBack }: { error: AppErrorData; onRetry?: () => void; onBack: () => void }) {
  const { t } = useTranslation('common');
  const { screen } = useEnvironment();
  const panelLeads = nextActions(error.code, Boolean(onRetry), screen).length > 0;
  return (
    <>
      <ErrorPanel error={error} onRetry={onRetry} primary={panelLeads} />
      <div className="actions secondary">
        {panelLeads
          ? <button type="button" className="button link" onClick={onBack}>{t('actions.back')}</button>
          : <PrimaryButton onClick={onBack}>{t('actions.back')}</PrimaryButton>}
      </div>
    </>
  );
}

function TriesLeft({ triesLeft, wrongPin }: { triesLeft: number | null; wrongPin: boolean }) {
  const { t } = useTranslation('pin');
  if (wrongPin) {
    return (
      <p id="pin-tries" className="panel panel-warning">
        <WarningIcon /><span>{triesLeft === null ? t('wrong.unknownTries') : t('wrong.triesLeft', { count: triesLeft })}</span>
      </p>
    );
  }
  if (triesLeft === null) return <p id="pin-tries" className="hint">{t('tries.unknown')}</p>;
  if (triesLeft < MAX_TRIES) {
    return <p id="pin-tries" className="panel panel-warning"><WarningIcon /><span>{t('tries.fewLeft', { count: triesLeft })}</span></p>;
  }
  return <p id="pin-tries" className="hint">{t('tries.all', { count: triesLeft })}</p>;
}

function BlockedPin({ headingRef, onBack }: { headingRef: RefObject<HTMLHeadingElement | null>; onBack: () => void }) {
  const { t } = useTranslation(['pin', 'common']);
  const { navigate } = useEnvironment();
  return (
    <section className="screen" aria-labelledby="pin-blocked-title">
      <h1 id="pin-blocked-title" ref={headingRef} tabIndex={-1}><LockIcon /> {t('blocked.title')}</h1>
      <div className="panel panel-error">
        <p>{t('blocked.explain')}</p>
        <ol className="steps">
          <li>{t('blocked.step1')}</li>
          <li>{t('blocked.step2')}</li>
          <li>{t('blocked.step3')}</li>
        </ol>
        <p>{t('blocked.meanwhile')}</p>
      </div>
      <div className="actions">
        <PrimaryButton onClick={() => navigate({ name: 'itsme' })}>{t('blocked.useItsme')}</PrimaryButton>
        <button type="button" className="button" onClick={() => navigate({ name: 'help' })}>{t('common:actions.help')}</button>
        <button type="button" className="button link" onClick={onBack}>{t('common:actions.back')}</button>
      </div>
    </section>
  );
}

// After the first login without a linked e-mail or mobile number: enter one, receive a code, confirm
// it (resend after a cool-down), then open MyVivium. After itsme without an e-mail address (the FAQ's
// rule) it asks for the e-mail address only; once that is confirmed a mobile number may be added too.
// "Later" goes on without one (MyVivium's handoff does not require it and asks again next time); "Back"
// returns to the start. A wrong code is said next to the field, with the tries left, and the field is
// emptied for the next try.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../src/contract/bridge.ts';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import { asAppError, invoke, useBridge } from '../bridge-context.tsx';
import { useAnnounce } from '../announcer.tsx';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { errorHelp } from '../../../src/contract/error-help.ts';
import { DigitsField } from '../components/digits-field.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { MailIcon, PhoneIcon, WarningIcon } from '../components/icons.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';

type Channel = 'email' | 'phone';
type Step = 'contact' | 'code' | 'phone-offer';
/** Which contacts the form offers: either one, the e-mail address itsme logins need, or the optional mobile number after it. */
type Mode = 'either' | 'email' | 'phone';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ./-]{8,20}$/;
const CODE = /^\d{6}$/;

export function OnboardingScreen({ account }: { account: Account }) {
  const { t } = useTranslation(['onboarding', 'itsme-onboarding', 'common', 'ui']);
  const bridge = useBridge();
  const announce = useAnnounce();
  const { navigate } = useEnvironment();
  const [step, setStep] = useState<Step>('contact');
  const [mode, setMode] = useState<Mode>(account.needsEmail ? 'email' : 'either');
  const [channel, setChannel] = useState<Channel>('email');
  const [confirmed, setConfirmed] = useState<Account | null>(null);
  const [value, setValue] = useState('');
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [cooldown, setCooldown] = useState(0);
  /** The backend refused the code: how many tries remain (null when it did not say). */
  const [wrongCode, setWrongCode] = useState<{ attemptsLeft: number | null } | null>(null);
  const [wrongCount, setWrongCount] = useState(0);
  const codeInput = useRef<HTMLInputElement>(null);
  const heading = useFocusHeading(step);

  useEffect(() => {
    if (wrongCount > 0) codeInput.current?.focus();
  }, [wrongCount]);

  useEffect(() => {
    if (cooldown <= 0) return;
    const timer = setTimeout(() => setCooldown((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [cooldown]);

  async function send() {
    setBusy(true);
    setError(null);
    try {
      const args = channel === 'email' ? { channel: 'email' as const, value: value.trim() } : { channel: 'phone' as const, value: value.trim() };
      const result = await invoke(bridge, 'onboarding.sendCode', args);
      setCooldown(result.resendAfterSeconds);
      setStep('code');
      announce(t(channel === 'email' ? 'code.sentEmail' : 'code.sentPhone', { value: value.trim() }));
    } catch (caught) {
      showError(caught);
    } finally {
      setBusy(false);
    }
  }

  function showError(caught: unknown) {
    const appError = asAppError(caught).toJSON();
    setError(appError);
    announce(t(`errors:${appError.code}`));
  }

  function submitContact(event: FormEvent) {
    event.preventDefault();
    const ok = channel === 'email' ? EMAIL.test(value.trim()) : PHONE.test(value.trim());
    setInvalid(!ok);
    if (ok) void send();
  }

  async function submitCode(event: FormEvent) {
    event.preventDefault();
    if (!CODE.test(code.trim())) {
      setInvalid(true);
      setWrongCode(null);
      codeInput.current?.focus();
      return;
    }
    setInvalid(false);
    setWrongCode(null);
    setBusy(true);
    setError(null);
    try {
      const result = await invoke(bridge, 'onboarding.confirm', { channel, code: code.trim() });
      announce(t('confirmed'));
      if (mode === 'email' && !result.account.phone) {
        setConfirmed(result.account);
        setStep('phone-offer');
      } else {
        navigate({ name: 'done', account: result.account });
      }
    } catch (caught) {
      const appError = asAppError(caught).toJSON();
      if (appError.code === 'CODE_WRONG') {
        const left = appError.details?.attemptsLeft;
        const attemptsLeft = typeof left === 'number' ? left : null;
        setWrongCode({ attemptsLeft });
        setCode('');
        setWrongCount((n) => n + 1);
        announce(attemptsLeft === null ? t('ui:onboarding.codeWrongUnknown') : t('ui:onboarding.codeWrong', { count: attemptsLeft }));
        return;
      }
      showError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (step === 'phone-offer' && confirmed) {
    const addPhone = () => {
      setMode('phone');
      setChannel('phone');
      setValue('');
      setCode('');
      setInvalid(false);
      setStep('contact');
    };
    return (
      <section className="screen" aria-labelledby="onboarding-phone-title">
        <h1 id="onboarding-phone-title" ref={heading} tabIndex={-1}>{t('itsme-onboarding:phone.title')}</h1>
        <p className="lead">{t('itsme-onboarding:phone.intro')}</p>
        <div className="actions">
          <PrimaryButton onClick={() => navigate({ name: 'done', account: confirmed })}>{t('itsme-onboarding:phone.skip')}</PrimaryButton>
          <button type="button" className="button" onClick={addPhone}><PhoneIcon /> {t('itsme-onboarding:phone.add')}</button>
        </div>
      </section>
    );
  }

  if (step === 'contact') {
    const title = mode === 'email' ? t('itsme-onboarding:title') : mode === 'phone' ? t('itsme-onboarding:phone.add') : t('title');
    return (
      <section className="screen" aria-labelledby="onboarding-title">
        <h1 id="onboarding-title" ref={heading} tabIndex={-1}>{title}</h1>
        {mode === 'email' && <p className="lead">{t('itsme-onboarding:intro', { name: account.displayName })}</p>}
        {mode === 'either' && <p className="lead">{t('intro', { name: account.displayName })}</p>}
        {mode === 'phone' && <p className="lead">{t('itsme-onboarding:phone.intro')}</p>}
        <form onSubmit={submitContact} noValidate>
          {mode === 'either' && <fieldset>
            <legend>{t('channel.legend')}</legend>
            <label className="radio">
              <input type="radio" name="channel" value="email" checked={channel === 'email'} onChange={() => { setChannel('email'); setInvalid(false); }} />
              <MailIcon /> {t('channel.email')}
            </label>
            <label className="radio">
              <input type="radio" name="channel" value="phone" checked={channel === 'phone'} onChange={() => { setChannel('phone'); setInvalid(false); }} />
              <PhoneIcon /> {t('channel.phone')}
            </label>
          </fieldset>}
          <label htmlFor="contact-value">{t(channel === 'email' ? 'contact.emailLabel' : 'contact.phoneLabel')}</label>
          <p id="contact-hint" className="hint">{t(channel === 'email' ? 'contact.emailHint' : 'contact.phoneHint')}</p>
          <input
            id="contact-value"
            type={channel === 'email' ? 'email' : 'tel'}
            autoComplete={channel === 'email' ? 'email' : 'tel'}
            value={value}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'contact-hint contact-error' : 'contact-hint'}
            onChange={(event) => setValue(event.target.value)}
          />
          {invalid && <p id="contact-error" className="field-error"><WarningIcon /> {t(channel === 'email' ? 'contact.emailInvalid' : 'contact.phoneInvalid')}</p>}
          <div className="actions">
            <PrimaryButton type="submit" disabled={busy}>{t('contact.send')}</PrimaryButton>
            <button type="button" className="button" onClick={() => navigate({ name: 'done', account })}>{t('ui:onboarding.later')}</button>
            <button type="button" className="button link" onClick={() => navigate({ name: 'login' })}>{t('ui:onboarding.back')}</button>
          </div>
        </form>
        {/* The form's "Send" stays the primary action: it is how the customer tries again. */}
        {error && <ErrorPanel error={error} primary={false} />}
      </section>
    );
  }

  // An expired code, or too many tries: a new code is the next step, not confirming this one.
  const needsNewCode = error !== null && errorHelp(error.code).fix === 'resend-code';
  const resendLabel = cooldown > 0 ? t('code.resendIn', { count: cooldown }) : t('code.resend');

  return (
    <section className="screen" aria-labelledby="onboarding-code-title">
      <h1 id="onboarding-code-title" ref={heading} tabIndex={-1}>{t('code.title')}</h1>
      <p className="lead">{t(channel === 'email' ? 'code.sentEmail' : 'code.sentPhone', { value: value.trim() })}</p>
      <form onSubmit={(event) => void submitCode(event)} noValidate>
        <DigitsField
          id="code-value" label={t('code.label')} hintId="code-hint" hint={t('code.hint')} inputRef={codeInput}
          autoComplete="one-time-code" maxLength={6} value={code} onChange={setCode}
          invalid={invalid || wrongCode !== null} alsoDescribedBy={invalid || wrongCode ? 'code-error' : undefined}
        />
        {invalid && <p id="code-error" className="field-error"><WarningIcon /> {t('code.invalid')}</p>}
        {wrongCode && (
          <p id="code-error" className="field-error">
            <WarningIcon /> {wrongCode.attemptsLeft === null ? t('ui:onboarding.codeWrongUnknown') : t('ui:onboarding.codeWrong', { count: wrongCode.attemptsLeft })}
          </p>
        )}
        <div className="actions">
          {needsNewCode ? (
            <>
              <PrimaryButton disabled={busy || cooldown > 0} onClick={() => void send()}>{resendLabel}</PrimaryButton>
              <button type="submit" className="button" disabled={busy}>{t('code.confirm')}</button>
            </>
          ) : (
            <>
              <PrimaryButton type="submit" disabled={busy}>{t('code.confirm')}</PrimaryButton>
              <button type="button" className="button" disabled={busy || cooldown > 0} onClick={() => void send()}>{resendLabel}</button>
            </>
          )}
          <button type="button" className="button link" onClick={() => { setStep('contact'); setCode(''); setError(null); setWrongCode(null); }}>
            {t('code.change')}
          </button>
        </div>
      </form>
      {error && <ErrorPanel error={error} primary={false} />}
    </section>
  );
}

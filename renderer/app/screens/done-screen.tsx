// Logged in: says truthfully what has happened (logged in, contact details confirmed or still to add)
// and what happens next, then hands over to MyVivium in the default browser with a one-time link.
// The button says "Open MyVivium" until the browser was opened; after that the screen says so, and has
// no primary action left: the customer goes on in the browser.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../src/contract/bridge.ts';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import { asAppError, invoke, useBridge } from '../bridge-context.tsx';
import { useAnnounce } from '../announcer.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { CheckIcon, InfoIcon } from '../components/icons.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';

export function DoneScreen({ account }: { account: Account }) {
  const { t } = useTranslation(['common', 'ui']);
  const bridge = useBridge();
  const announce = useAnnounce();
  const heading = useFocusHeading();
  const [state, setState] = useState<'idle' | 'opening' | 'opened'>('idle');
  const [error, setError] = useState<AppErrorData | null>(null);
  // The button goes away once MyVivium is open: keyboard focus moves to the line that says so.
  const openedNote = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (state === 'opened') openedNote.current?.focus();
  }, [state]);

  async function open() {
    setState('opening');
    setError(null);
    try {
      await invoke(bridge, 'handoff.open', {});
      setState('opened');
      announce(t('ui:done.opened'));
    } catch (caught) {
      setState('idle');
      setError(asAppError(caught).toJSON());
    }
  }

  const contact = account.email
    ? t('ui:done.emailConfirmed', { value: account.email })
    : account.phone ? t('ui:done.phoneConfirmed', { value: account.phone }) : null;

  return (
    <section className="screen" aria-labelledby="done-title">
      <h1 id="done-title" ref={heading} tabIndex={-1}>{t('done.title')}</h1>
      <ul className="done-facts">
        <li className="panel panel-success"><CheckIcon /><span>{t('done.loggedInAs', { name: account.displayName })}</span></li>
        {contact
          ? <li className="panel panel-success"><CheckIcon /><span>{contact}</span></li>
          : <li className="panel panel-info"><InfoIcon /><span>{t('ui:done.contactLater')}</span></li>}
        {state === 'opened' && (
          <li className="panel panel-success"><CheckIcon /><span ref={openedNote} tabIndex={-1}>{t('ui:done.opened')}</span></li>
        )}
      </ul>
      {state === 'opened' ? (
        <p className="lead">{t('ui:done.nextOpened')}</p>
      ) : (
        <>
          <p className="lead">{t('ui:done.nextOpen')}</p>
          <div className="actions">
            <PrimaryButton onClick={() => void open()} disabled={state === 'opening'}>{t('done.openMyVivium')}</PrimaryButton>
          </div>
        </>
      )}
      {/* "Open MyVivium" stays the primary action: it is the way to try again. */}
      {error && <ErrorPanel error={error} primary={false} />}
    </section>
  );
}

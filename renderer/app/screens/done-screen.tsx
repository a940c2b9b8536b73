// Logged in and onboarded: hand over to MyVivium in the default browser with a one-time link.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../src/contract/bridge.ts';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import { asAppError, invoke, useBridge } from '../bridge-context.tsx';
import { useAnnounce } from '../announcer.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { CheckIcon } from '../components/icons.tsx';

export function DoneScreen({ account }: { account: Account }) {
  const { t } = useTranslation('common');
  const bridge = useBridge();
  const announce = useAnnounce();
  const heading = useFocusHeading();
  const [state, setState] = useState<'idle' | 'opening' | 'opened'>('idle');
  const [error, setError] = useState<AppErrorData | null>(null);

  async function open() {
    setState('opening');
    setError(null);
    try {
      await invoke(bridge, 'handoff.open', {});
      setState('opened');
      announce(t('done.opened'));
    } catch (caught) {
      setState('idle');
      setError(asAppError(caught).toJSON());
    }
  }

  return (
    <section className="screen" aria-labelledby="done-title">
      <h1 id="done-title" ref={heading} tabIndex={-1}>{t('done.title')}</h1>
      <p className="panel panel-success"><CheckIcon /><span>{t('done.loggedInAs', { name: account.displayName })}</span></p>
      <p>{t('done.explain')}</p>
      <div className="actions">
        <button type="button" className="button primary" onClick={() => void open()} disabled={state === 'opening'}>
          {t('done.openMyVivium')}
        </button>
      </div>
      {state === 'opened' && <p>{t('done.opened')}</p>}
      {error && <ErrorPanel error={error} onRetry={() => void open()} />}
    </section>
  );
}

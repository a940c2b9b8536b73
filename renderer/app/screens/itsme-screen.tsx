// itsme: the companion opens itsme's page in the default browser (never inside the app); here we
// say what to do there, poll for the result, allow cancel, and give up after five minutes.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../src/contract/errors.ts';
import { asAppError, invoke, useBridge } from '../bridge-context.tsx';
import { useAnnounce } from '../announcer.tsx';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { afterLogin } from '../navigation.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { PhoneIcon } from '../components/icons.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';

export const ITSME_TIME_LIMIT_MS = 5 * 60 * 1000;
const POLL_INTERVAL_MS = 2000;

type Phase = 'intro' | 'starting' | 'waiting' | 'failed' | 'cancelled';

export function ItsmeScreen({ pollIntervalMs = POLL_INTERVAL_MS }: { pollIntervalMs?: number }) {
  const { t } = useTranslation(['itsme', 'common', 'errors']);
  const bridge = useBridge();
  const announce = useAnnounce();
  const { navigate, now } = useEnvironment();
  const [phase, setPhase] = useState<Phase>('intro');
  const [error, setError] = useState<AppErrorData | null>(null);
  const pollId = useRef<string | null>(null);
  const heading = useFocusHeading(phase === 'starting' ? 'waiting' : phase);

  async function start() {
    setError(null);
    setPhase('starting');
    try {
      const result = await invoke(bridge, 'itsme.start', {});
      pollId.current = result.pollId;
      setPhase('waiting');
      announce(t('waiting.title'));
    } catch (caught) {
      const appError = asAppError(caught).toJSON();
      setError(appError);
      setPhase('failed');
      announce(t(`errors:${appError.code}`));
    }
  }

  useEffect(() => {
    if (phase !== 'waiting' || !pollId.current) return;
    const id = pollId.current;
    const deadline = now().getTime() + ITSME_TIME_LIMIT_MS;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const stop = (appError: AppErrorData) => {
      setError(appError);
      setPhase('failed');
      announce(t(`errors:${appError.code}`));
    };
    const poll = async () => {
      if (!live) return;
      if (now().getTime() >= deadline) {
        void invoke(bridge, 'itsme.cancel', { pollId: id }).catch(() => undefined);
        stop({ code: 'ITSME_TIMEOUT', message: 'no answer within five minutes' });
        return;
      }
      try {
        const status = await invoke(bridge, 'itsme.status', { pollId: id });
        if (!live) return;
        if (status.state === 'done' && status.account) {
          announce(t('done'));
          navigate(afterLogin(status.account));
          return;
        }
        if (status.state === 'failed') {
          stop(status.error ?? { code: 'ITSME_PROVIDER_ERROR', message: 'itsme failed' });
          return;
        }
      } catch (caught) {
        if (!live) return;
        stop(asAppError(caught).toJSON());
        return;
      }
      timer = setTimeout(() => void poll(), pollIntervalMs);
    };
    timer = setTimeout(() => void poll(), pollIntervalMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [phase, bridge, now, navigate, announce, t, pollIntervalMs]);

  function cancel() {
    const id = pollId.current;
    pollId.current = null;
    if (id) void invoke(bridge, 'itsme.cancel', { pollId: id }).catch(() => undefined);
    setPhase('cancelled');
    announce(t('cancelled'));
  }

  return (
    <section className="screen" aria-labelledby="itsme-title">
      <h1 id="itsme-title" ref={heading} tabIndex={-1}>
        {phase === 'waiting' || phase === 'starting' ? t('waiting.title') : t('title')}
      </h1>
      {(phase === 'intro' || phase === 'cancelled') && (
        <>
          {phase === 'cancelled' && <p className="panel panel-info">{t('cancelled')}</p>}
          <p className="lead">{t('intro')}</p>
          <ol className="steps">
            <li>{t('steps.browser')}</li>
            <li>{t('steps.phone')}</li>
            <li>{t('steps.back')}</li>
          </ol>
          <div className="actions">
            <PrimaryButton onClick={() => void start()}><PhoneIcon /> {t('start')}</PrimaryButton>
            <button type="button" className="button link" onClick={() => navigate({ name: 'login' })}>{t('common:actions.back')}</button>
          </div>
        </>
      )}
      {(phase === 'waiting' || phase === 'starting') && (
        <>
          <p className="lead">{t('waiting.explain')}</p>
          <p className="progress-text"><progress aria-label={t('waiting.progress')} /> {t('waiting.progress')}</p>
          <p className="hint">{t('waiting.limit', { count: ITSME_TIME_LIMIT_MS / 60000 })}</p>
          {/* Nothing to do here but wait (the step is on the phone): no primary action, only a way out. */}
          <div className="actions">
            <button type="button" className="button" onClick={cancel} disabled={phase === 'starting'}>{t('common:actions.cancel')}</button>
          </div>
        </>
      )}
      {phase === 'failed' && error && (
        <>
          {/* itsme cannot be reached now: the panel offers the eID card first, which does not depend on it. */}
          <ErrorPanel error={error} onRetry={() => void start()} />
          <div className="actions secondary">
            <button type="button" className="button link" onClick={() => navigate({ name: 'login' })}>{t('common:actions.back')}</button>
          </div>
        </>
      )}
    </section>
  );
}

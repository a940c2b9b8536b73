// A calm line above the screen once an update is downloaded: "A new version is ready" and one button
// to restart. Nothing otherwise (updates off, idle, checking, downloading): the user came to log in, so
// the restart button is a secondary one and the screen keeps its own primary action.
// The region is always in the page so screen readers announce the banner politely when it appears.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../../src/contract/updates.ts';
import { invoke, useBridge } from '../bridge-context.tsx';
import { InfoIcon } from './icons.tsx';

export function UpdateBanner() {
  const { t } = useTranslation('updates');
  const bridge = useBridge();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  // The companion said "not now" (a login, PIN or signature runs): explain instead of restarting.
  const [notNow, setNotNow] = useState(false);

  useEffect(() => {
    let live = true;
    const off = bridge.on('update', (next) => {
      setStatus(next);
      setNotNow(false);
    });
    // An event may already have replaced this answer; a host without updates answers an error: show nothing.
    invoke(bridge, 'update.status', {}).then((first) => live && setStatus((seen) => seen ?? first), () => undefined);
    return () => {
      live = false;
      off();
    };
  }, [bridge]);

  const restart = () => {
    invoke(bridge, 'update.install', {}).then(() => setNotNow(false), () => setNotNow(true));
  };

  const shown = status?.state === 'ready' || status?.state === 'install-pending';
  return (
    <div className="update-region" aria-live="polite">
      {shown && (
        <section className="panel panel-info update-banner" aria-labelledby="update-banner-text">
          <p id="update-banner-text" className="panel-title">
            <InfoIcon />
            <span>{status.state === 'install-pending' ? t('status.install-pending', { version: status.version }) : t('banner.ready')}</span>
          </p>
          {notNow && <p>{t('banner.notNow')}</p>}
          {status.state === 'ready' && (
            <div className="actions">
              <button type="button" className="button" onClick={restart}>{t('actions.restart')}</button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

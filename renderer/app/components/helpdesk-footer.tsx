// The helpdesk on every screen: how to reach it, its hours, and whether it is open right now
// (Brussels time, closed on Belgian public holidays). Error panels show the same contact line.
import { useTranslation } from 'react-i18next';
import { useEnvironment } from '../environment.tsx';
import { HELPDESK_EMAIL, HELPDESK_PHONE, helpdeskStatus } from '../help/helpdesk-hours.ts';

/** "Customer service: phone · e-mail, Monday to Thursday …" in one sentence. */
export function HelpdeskContactLine() {
  const { t } = useTranslation('ui');
  const { now } = useEnvironment();
  const open = helpdeskStatus(now()).open;
  return (
    <p className="helpdesk-line">
      {t('helpdesk.contact', { phone: HELPDESK_PHONE, email: HELPDESK_EMAIL })} {t('helpdesk.hours')}{' '}
      <strong>{open ? t('helpdesk.openNow') : t('helpdesk.closedNow')}</strong>
    </p>
  );
}

export function HelpdeskFooter() {
  return (
    <footer className="app-footer">
      <HelpdeskContactLine />
    </footer>
  );
}

// Help & contact: common questions in our own words, how to reach the helpdesk and whether it is open
// right now (Brussels time), and the way to the diagnosis.
import { useTranslation } from 'react-i18next';
import { formatTime, formatWeekday } from '../../../src/i18n/regional-format.ts';
import { invoke, useBridge } from '../bridge-context.tsx';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { CheckIcon, MailIcon, PhoneIcon, WaitIcon } from '../components/icons.tsx';
import { PrimaryButton } from '../components/primary-action.tsx';
import { HELPDESK_EMAIL, HELPDESK_PHONE, HELPDESK_TIME_ZONE, helpdeskStatus } from './helpdesk-hours.ts';
const FAQ = ['whatIsEid', 'whichReader', 'pinForgotten', 'pinBlocked', 'noReader', 'itsme', 'expired', 'privacy', 'noEmail'] as const;

export function HelpScreen() {
  const { t } = useTranslation(['help', 'common']);
  const { navigate, now, language } = useEnvironment();
  const bridge = useBridge();
  const heading = useFocusHeading();
  const status = helpdeskStatus(now());
  const time = (date: Date) => formatTime(date, language, HELPDESK_TIME_ZONE);
  const openText = status.open
    ? t('hours.openNow', { time: time(status.closesAt) })
    : status.daysAhead === 0
      ? t('hours.opensToday', { time: time(status.opensAt) })
      : status.daysAhead === 1
        ? t('hours.opensTomorrow', { time: time(status.opensAt) })
        : t('hours.opensOn', { day: formatWeekday(status.opensAt, language, HELPDESK_TIME_ZONE), time: time(status.opensAt) });

  return (
    <section className="screen" aria-labelledby="help-title">
      <h1 id="help-title" ref={heading} tabIndex={-1}>{t('title')}</h1>
      <section aria-labelledby="contact-title" className="panel">
        <h2 id="contact-title">{t('contact.title')}</h2>
        <p className={`helpdesk-state ${status.open ? 'is-open' : 'is-closed'}`} data-testid="helpdesk-state" data-open={status.open}>
          {status.open ? <CheckIcon /> : <WaitIcon />}
          <strong>{status.open ? t('hours.open') : t('hours.closed')}</strong> <span>{openText}</span>
        </p>
        <ul className="contact">
          <li>
            <MailIcon /> {t('contact.email')}{' '}
            <button type="button" className="button link inline" onClick={() => void invoke(bridge, 'link.open', { link: 'helpdesk-mail' }).catch(() => undefined)}>
              {HELPDESK_EMAIL}
            </button>
          </li>
          <li><PhoneIcon /> {t('contact.phone')} <span className="phone">{HELPDESK_PHONE}</span></li>
        </ul>
        <h3>{t('hours.title')}</h3>
        <ul className="hours">
          <li>{t('hours.monThu')}</li>
          <li>{t('hours.fri')}</li>
          <li>{t('hours.weekend')}</li>
        </ul>
        <p className="hint">{t('hours.timeZone')}</p>
      </section>
      <section aria-labelledby="diagnosis-link-title" className="panel">
        <h2 id="diagnosis-link-title">{t('diagnosis.title')}</h2>
        <p>{t('diagnosis.explain')}</p>
        <div className="actions">
          <PrimaryButton onClick={() => navigate({ name: 'diagnosis' })}>{t('common:actions.diagnosis')}</PrimaryButton>
          <button type="button" className="button" onClick={() => navigate({ name: 'install' })}>{t('common:actions.installGuide')}</button>
        </div>
      </section>
      <section aria-labelledby="faq-title">
        <h2 id="faq-title">{t('faq.title')}</h2>
        {FAQ.map((id) => (
          <details key={id} className="faq">
            <summary>{t(`faq.${id}.q`)}</summary>
            <p>{t(`faq.${id}.a`)}</p>
          </details>
        ))}
      </section>
    </section>
  );
}

// Logging in with personal data (and registering with a contract number and activation code) is no
// longer offered: say so plainly and point to the two ways that work.
import { useTranslation } from 'react-i18next';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { InfoIcon } from '../components/icons.tsx';

export function PersonalDataScreen() {
  const { t } = useTranslation(['login', 'common']);
  const { navigate } = useEnvironment();
  const heading = useFocusHeading();
  return (
    <section className="screen" aria-labelledby="personal-data-title">
      <h1 id="personal-data-title" ref={heading} tabIndex={-1}>{t('personalData.noticeTitle')}</h1>
      <div className="panel panel-info">
        <p className="panel-title"><InfoIcon /><span>{t('personalData.notice')}</span></p>
        <p>{t('personalData.registrationNotice')}</p>
      </div>
      <div className="actions">
        <button type="button" className="button primary" onClick={() => navigate({ name: 'itsme' })}>{t('personalData.useItsme')}</button>
        <button type="button" className="button" onClick={() => navigate({ name: 'eid' })}>{t('personalData.useEid')}</button>
        <button type="button" className="button link" onClick={() => navigate({ name: 'login' })}>{t('common:actions.back')}</button>
      </div>
    </section>
  );
}

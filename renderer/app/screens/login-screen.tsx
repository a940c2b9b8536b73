// The first screen: the three ways MyVivium offers to log in, itsme first (most customers use it).
import { useTranslation } from 'react-i18next';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { CardIcon, PhoneIcon, UserIcon } from '../components/icons.tsx';

export function LoginScreen() {
  const { t } = useTranslation('login');
  const { navigate } = useEnvironment();
  const heading = useFocusHeading();
  return (
    <section className="screen" aria-labelledby="login-title">
      <h1 id="login-title" ref={heading} tabIndex={-1}>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <ul className="choices">
        <li>
          <button type="button" className="choice recommended" onClick={() => navigate({ name: 'itsme' })}>
            <PhoneIcon />
            <span className="choice-text">
              <span className="choice-title">{t('itsme.title')} <span className="badge">{t('itsme.recommended')}</span></span>
              <span className="choice-description">{t('itsme.description')}</span>
            </span>
          </button>
        </li>
        <li>
          <button type="button" className="choice" onClick={() => navigate({ name: 'eid' })}>
            <CardIcon />
            <span className="choice-text">
              <span className="choice-title">{t('eid.title')}</span>
              <span className="choice-description">{t('eid.description')}</span>
            </span>
          </button>
        </li>
        <li>
          <button type="button" className="choice" onClick={() => navigate({ name: 'personal-data' })}>
            <UserIcon />
            <span className="choice-text">
              <span className="choice-title">{t('personalData.title')}</span>
              <span className="choice-description">{t('personalData.description')}</span>
            </span>
          </button>
        </li>
      </ul>
    </section>
  );
}

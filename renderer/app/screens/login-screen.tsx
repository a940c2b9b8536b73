// The first screen: the ways MyVivium offers to log in, itsme first (most customers use it); the former
// third way (personal data) is shown greyed as no longer available, with where to go instead. The
// recommended way is the screen's primary action: marked, and described as the suggested next step.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnvironment } from '../environment.tsx';
import { useFocusHeading } from '../focus-heading.ts';
import { CardIcon, PhoneIcon, UserIcon } from '../components/icons.tsx';
import { NextStepNote } from '../components/primary-action.tsx';

export function LoginScreen() {
  const { t } = useTranslation('login');
  const { navigate } = useEnvironment();
  const heading = useFocusHeading();
  const note = useId();
  return (
    <section className="screen" aria-labelledby="login-title">
      <h1 id="login-title" ref={heading} tabIndex={-1}>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <ul className="choices">
        <li>
          <button type="button" className="choice recommended" aria-describedby={note} onClick={() => navigate({ name: 'itsme' })}>
            <PhoneIcon />
            <span className="choice-text">
              <span className="choice-title">{t('itsme.title')} <span className="badge">{t('itsme.recommended')}</span></span>
              <span className="choice-description">{t('itsme.description')}</span>
            </span>
          </button>
          <NextStepNote id={note} />
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
        <li className="choice unavailable" data-testid="personal-data-unavailable">
          {/* Not a button: this way is gone. Said where people look for it, in the FAQ's words. */}
          <UserIcon />
          <span className="choice-text">
            <span className="choice-title">{t('personalData.title')} <span className="badge badge-muted">{t('personalData.unavailable')}</span></span>
            <span className="choice-description">{t('personalData.description')}</span>
          </span>
        </li>
      </ul>
    </section>
  );
}

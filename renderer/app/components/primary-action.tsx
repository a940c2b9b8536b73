// The one primary action of a screen: the step the customer should take next. It is filled in the
// brand colour (tokens.css --primary), and because that emphasis is information, screen readers get it
// too (WCAG 1.3.1): the button's description says "Suggested next step". Every screen has at most one;
// screens where the customer can only wait (checking, signing, itsme, the diagnosis running) have none.
import { useId, type ButtonHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

/** The hidden "Suggested next step" text an element points to with aria-describedby. */
export function NextStepNote({ id }: { id: string }) {
  const { t } = useTranslation('next-step');
  return <span id={id} hidden>{t('note')}</span>;
}

/** A button styled and described as the screen's primary action; `type` defaults to "button". */
export function PrimaryButton({ type = 'button', children, ...props }: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className' | 'aria-describedby'>) {
  const note = useId();
  return (
    <>
      <button {...props} type={type} className="button primary" aria-describedby={note}>{children}</button>
      <NextStepNote id={note} />
    </>
  );
}

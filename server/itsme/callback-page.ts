// The page the system browser shows after itsme sends the user back: go back to the app, or the error.
import { pickLanguage } from '../portal-page.ts';

const TEXT = {
  en: { done: 'You are logged in. You can close this tab and return to the eID Companion.', failed: 'The itsme login did not succeed. Return to the eID Companion and try again.' },
  fr: { done: 'Vous êtes connecté. Vous pouvez fermer cet onglet et revenir à l’eID Companion.', failed: 'La connexion itsme n’a pas abouti. Revenez à l’eID Companion et réessayez.' },
  nl: { done: 'U bent aangemeld. U kunt dit tabblad sluiten en terugkeren naar de eID Companion.', failed: 'Aanmelden met itsme is niet gelukt. Keer terug naar de eID Companion en probeer opnieuw.' },
  de: { done: 'Sie sind angemeldet. Sie können diesen Tab schließen und zum eID Companion zurückkehren.', failed: 'Die Anmeldung mit itsme ist nicht gelungen. Kehren Sie zum eID Companion zurück und versuchen Sie es erneut.' },
} as const;

export function callbackPage(acceptLanguage: string | undefined, errorCode: string | null): string {
  const lang = pickLanguage(acceptLanguage);
  const body = errorCode === null ? `<h1 data-code="OK">${TEXT[lang].done}</h1>` : `<h1 data-code="${errorCode}">${TEXT[lang].failed}</h1><p><code>${errorCode}</code></p>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>MyVivium · itsme</title></head><body>${body}</body></html>`;
}

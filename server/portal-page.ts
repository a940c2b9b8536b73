// The stand-in for the MyVivium portal's landing page after a handoff. The real portal is MyVivium's;
// this page only proves the link worked (once). Its few words come in the four languages of the app.
const TEXT = {
  en: { welcome: 'Welcome', invalidTitle: 'This link is no longer valid', invalid: 'Open MyVivium again from the eID Companion.' },
  fr: { welcome: 'Bienvenue', invalidTitle: 'Ce lien n’est plus valable', invalid: 'Ouvrez à nouveau MyVivium depuis l’eID Companion.' },
  nl: { welcome: 'Welkom', invalidTitle: 'Deze link is niet meer geldig', invalid: 'Open MyVivium opnieuw vanuit de eID Companion.' },
  de: { welcome: 'Willkommen', invalidTitle: 'Dieser Link ist nicht mehr gültig', invalid: 'Öffnen Sie MyVivium erneut aus dem eID Companion.' },
} as const;
type Language = keyof typeof TEXT;

export function pickLanguage(acceptLanguage: string | undefined): Language {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { lang: tag.slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  const match = wanted.find((w): w is { lang: Language; q: number } => w.lang in TEXT);
  return match ? match.lang : 'en';
}

export function portalPage(acceptLanguage: string | undefined, customer: { displayName: string } | null): string {
  const lang = pickLanguage(acceptLanguage);
  const text = TEXT[lang];
  const body = customer
    ? `<h1 data-code="OK">${text.welcome} ${escapeHtml(customer.displayName)}</h1>`
    : `<h1 data-code="HANDOFF_INVALID">${text.invalidTitle}</h1><p>${text.invalid}</p><p><code>HANDOFF_INVALID</code></p>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>MyVivium</title></head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

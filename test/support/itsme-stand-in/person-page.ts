// The stand-in's page where itsme's app would be: one button per demo person, and Cancel. In the
// browser's language (fr, nl, de, en), and saying plainly that this is not itsme.
import type { DemoPerson } from './provider.ts';

const TEXT = {
  en: { title: 'itsme stand-in', notice: 'This is a local stand-in for itsme, for the demo and the tests. No itsme account is used.', pick: 'Log in as', cancel: 'Cancel' },
  fr: { title: 'Simulateur itsme', notice: "Ceci est un simulateur local d'itsme, pour la démonstration et les tests. Aucun compte itsme n'est utilisé.", pick: 'Se connecter en tant que', cancel: 'Annuler' },
  nl: { title: 'itsme-simulator', notice: 'Dit is een lokale simulator van itsme, voor de demo en de tests. Er wordt geen itsme-account gebruikt.', pick: 'Aanmelden als', cancel: 'Annuleren' },
  de: { title: 'itsme-Simulator', notice: 'Dies ist ein lokaler Simulator für itsme, für die Demo und die Tests. Es wird kein itsme-Konto verwendet.', pick: 'Anmelden als', cancel: 'Abbrechen' },
} as const;
type Language = keyof typeof TEXT;

function languageOf(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().slice(0, 2).toLowerCase();
    if (tag in TEXT) return tag as Language;
  }
  return 'en';
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function personPage(acceptLanguage: string | undefined, people: readonly DemoPerson[], action: string): string {
  const lang = languageOf(acceptLanguage);
  const t = TEXT[lang];
  const buttons = people.map((p) => `<li><button type="submit" name="person" value="${escape(p.id)}">${escape(t.pick)} ${escape(p.name)}</button></li>`).join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escape(t.title)}</title></head><body><main>
<h1>${escape(t.title)}</h1><p>${escape(t.notice)}</p>
<form method="post" action="${escape(action)}"><ul>${buttons}</ul><button type="submit" name="person" value="">${escape(t.cancel)}</button></form>
</main></body></html>`;
}

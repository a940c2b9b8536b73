// The `diagnostics` namespace of every language, bundled in: for what translates a diagnosis without the
// UI's loader (the CLI and the card worker through src/diagnostics/i18n.ts, the backend's helpdesk page).
// The UI loads the same files one language at a time (locale-loader.ts).
import type { Language } from './languages.ts';
import de from './locales/de/diagnostics.json' with { type: 'json' };
import en from './locales/en/diagnostics.json' with { type: 'json' };
import fr from './locales/fr/diagnostics.json' with { type: 'json' };
import nl from './locales/nl/diagnostics.json' with { type: 'json' };

export type DiagnosticsTexts = typeof en;

/** Typed by the language list: a language without its diagnostics file does not compile. */
export const DIAGNOSTICS_TEXTS: Readonly<Record<Language, DiagnosticsTexts>> = { en, fr, nl, de };

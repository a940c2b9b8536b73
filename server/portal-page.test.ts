import { describe, expect, it } from 'vitest';
import { codeMessageText } from './code-sender.ts';
import { LANGUAGES, pickLanguage } from './page-text.ts';
import { portalPage } from './portal-page.ts';

describe('portal page', () => {
  it('picks the preferred supported language', () => {
    expect(pickLanguage('nl-BE,nl;q=0.9,en;q=0.8')).toBe('nl');
    expect(pickLanguage('es,de;q=0.5,fr;q=0.7')).toBe('fr');
    expect(pickLanguage(undefined)).toBe('fr');
  });

  it('escapes the name', () => {
    expect(portalPage('en', { displayName: '<script>x</script>' })).toContain('Welcome &#60;script&#62;x&#60;/script&#62;');
    expect(portalPage('de', null)).toContain('HANDOFF_INVALID');
    expect(portalPage('de', null)).toContain('nicht mehr gültig');
  });

  it('writes the code message in every language of the app', () => {
    const { body } = codeMessageText('042137');
    expect(body.split('\n')).toHaveLength(LANGUAGES.length);
    expect(body).toContain('Your MyVivium confirmation code: 042137');
    expect(body).toContain('Uw MyVivium-bevestigingscode: 042137');
  });
});

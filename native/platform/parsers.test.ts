import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileByAtr } from '../../src/card/card-profile.ts';

const isBelgianEidAtr = (atr: Uint8Array) => profileByAtr(atr) !== null;
import { eidCardsInCalais, parseRegQuery, parseScQc, parseScQuery, registryDword, startTypeFromRegistry } from './windows-parsers.ts';
import { ifdCcidInstalled, parseSmartCardDefaults, parseSmartCardsProfile } from './macos-parsers.ts';
import { parseSystemctlIsActive, polkitDenials } from './linux-parsers.ts';

const fixture = (...parts: string[]) => readFileSync(join(import.meta.dirname, '../../test/fixtures/platform', ...parts), 'utf8');

describe('Windows parsers (recorded outputs)', () => {
  it('reads the Smart Card service state: stopped, running, not installed', () => {
    expect(parseScQuery(fixture('windows/sc-query-scardsvr-stopped.txt'))).toBe('stopped');
    expect(parseScQuery(fixture('windows/sc-query-scardsvr-running.txt'))).toBe('running');
    expect(parseScQuery(fixture('windows/sc-query-missing.txt'))).toBe('not-installed');
    expect(parseScQuery('garbage')).toBe('unknown');
  });

  it('reads the start type: triggered manual (the default), disabled', () => {
    const triggers = fixture('windows/sc-qtriggerinfo-scardsvr.txt');
    expect(parseScQc(fixture('windows/sc-qc-scardsvr-demand.txt'), triggers)).toBe('manual-triggered');
    expect(parseScQc(fixture('windows/sc-qc-scardsvr-demand.txt'))).toBe('manual');
    expect(parseScQc(fixture('windows/sc-qc-scardsvr-disabled.txt'), triggers)).toBe('disabled');
    expect(parseScQc(fixture('windows/sc-query-missing.txt'))).toBe('not-installed');
  });

  it('reads the start type from the registry when sc is unavailable', () => {
    const keys = parseRegQuery(fixture('windows/reg-query-scardsvr-start-disabled.txt'));
    expect(keys).toHaveLength(1);
    expect(registryDword(keys[0], 'Start')).toBe(4);
    expect(startTypeFromRegistry(registryDword(keys[0], 'Start'))).toBe('disabled');
    expect(startTypeFromRegistry(null)).toBe('unknown');
  });

  it('finds the Belgian eID minidriver registrations by ATR', () => {
    const keys = parseRegQuery(fixture('windows/reg-query-calais-smartcards.txt'));
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(eidCardsInCalais(keys, isBelgianEidAtr)).toEqual(['Beid 1.7', 'Beid 1.8']);
    expect(eidCardsInCalais([], isBelgianEidAtr)).toEqual([]);
  });
});

describe('macOS parsers (recorded outputs)', () => {
  it('lists readers with their ATR and the open-source CCID driver', () => {
    const profile = parseSmartCardsProfile(fixture('macos/system-profiler-ifd-ccid.txt'));
    expect(profile.readers).toEqual([{ name: 'Gemalto PC Twin Reader', atr: '3B9813400AA503010101AD1311' }]);
    expect(profile.readerDrivers[0]).toMatchObject({ id: 'fr.apdu.ccid.smartcardccid', version: '1.5.5' });
    expect(ifdCcidInstalled(profile)).toBe(true);
    expect(profile.tokenDrivers).toContain('com.apple.CryptoTokenKit.pivtoken');
    expect(profile.tokenDrivers.some((d) => d.includes('BEIDToken'))).toBe(true);
  });

  it('sees no reader and no CCID driver', () => {
    const profile = parseSmartCardsProfile(fixture('macos/system-profiler-no-ccid.txt'));
    expect(profile.readers).toEqual([]);
    expect(profile.readerDrivers).toEqual([]);
    expect(ifdCcidInstalled(profile)).toBe(false);
  });

  it('reads useIFDCCID and DisabledTokens, and treats a missing domain as unset', () => {
    expect(parseSmartCardDefaults(fixture('macos/defaults-smartcard-useifdccid.txt'))).toEqual({
      useIfdCcid: true,
      disabledTokens: ['com.apple.CryptoTokenKit.pivtoken'],
    });
    expect(parseSmartCardDefaults(fixture('macos/defaults-smartcard-missing.txt'))).toEqual({ useIfdCcid: null, disabledTokens: [] });
    expect(parseSmartCardDefaults('{\n    useIFDCCID = 0;\n}').useIfdCcid).toBe(false);
  });
});

describe('Linux parsers (recorded outputs)', () => {
  it('reads systemctl is-active', () => {
    expect(parseSystemctlIsActive(fixture('linux/systemctl-is-active-active.txt'))).toBe('active');
    expect(parseSystemctlIsActive(fixture('linux/systemctl-is-active-inactive.txt'))).toBe('inactive');
    expect(parseSystemctlIsActive(fixture('linux/systemctl-is-active-failed.txt'))).toBe('failed');
    expect(parseSystemctlIsActive('', fixture('linux/systemctl-no-systemd.txt'))).toBe('no-systemd');
    expect(parseSystemctlIsActive('')).toBe('unknown');
  });

  it('finds polkit refusals in the pcscd journal', () => {
    const denials = polkitDenials(fixture('linux/journal-pcscd-polkit.txt'));
    expect(denials).toHaveLength(2);
    expect(denials[0]).toContain('access_pcsc');
    expect(polkitDenials('pcscd ready')).toEqual([]);
  });
});

// The CardInspector over the card library (src/card): one EidCard per connection, so files read for
// the identity check are not read again for the certificates.
import { isAppError } from '../contract/errors.ts';
import type { CardConnection } from '../pcsc/port.ts';
import { openEidCard, type EidCard } from '../card/eid-card.ts';
import type { CardInspector } from './card-inspector.ts';

export function createCardLibraryInspector(platform: 'windows' | 'pcsclite'): CardInspector {
  const cards = new WeakMap<CardConnection, EidCard>();
  const open = async (connection: CardConnection): Promise<EidCard> => {
    const known = cards.get(connection);
    if (known) return known;
    const card = await openEidCard(connection, { platform });
    cards.set(connection, card);
    return card;
  };
  return {
    async identify(connection) {
      try {
        const { applet, chipNumber } = (await open(connection)).info();
        return { kind: 'belgian-eid', applet, chipNumber };
      } catch (error) {
        if (isAppError(error, 'CARD_UNKNOWN')) return { kind: 'other', reason: error.message };
        throw error;
      }
    },
    async readIdentity(connection) {
      const card = await open(connection);
      const identity = await card.readIdentity();
      const address = await card.readAddress();
      const checks = await card.verifyDataSignatures();
      const signatureValid = checks.identity.valid && checks.address.valid && checks.photo.valid && (checks.basicKey?.valid ?? true);
      return {
        personal: {
          nationalNumber: identity.nationalNumber,
          surname: identity.surname,
          givenNames: [identity.firstNames, identity.thirdNameInitial].filter(Boolean).join(' '),
          birthDate: identity.dateOfBirth ?? '',
          birthPlace: identity.placeOfBirth ?? '',
          address: [address.streetAndNumber ?? '', [address.zip, address.municipality].filter(Boolean).join(' ')].filter(Boolean),
        },
        signatureValid,
      };
    },
    async readCertificates(connection) {
      const card = await open(connection);
      return {
        authentication: await card.readCertificate('authentication'),
        signature: await card.readCertificate('signature'),
        ca: await card.readCertificate('ca'),
        root: await card.readCertificate('root'),
      };
    },
    async pinStatus(connection) {
      const { triesLeft, blocked } = await (await open(connection)).pinStatus();
      return { triesLeft, blocked };
    },
    async pinPad(connection) {
      return (await open(connection)).hasPinPad();
    },
    async verifyPin(connection, pin) {
      const card = await open(connection).catch((error: unknown) => {
        pin.fill(0);
        throw error;
      });
      await card.verifyPin({ kind: 'digits', pin });
      // The test must not leave the card unlocked for whoever uses it next.
      await card.logOff();
    },
  };
}

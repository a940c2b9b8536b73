// Reads the identity and address files (no PIN) and checks their signatures with the card's RRN
// certificate. Everything read is registered with the redactor first, so it cannot leak by accident.
import { finding, skipped, type Probe } from '../context.ts';
import { errorName } from './card.ts';
import type { PersonalData } from '../card-inspector.ts';

export function registerPersonalData(redactor: { add(value: string, options?: { eachWord?: boolean }): void }, person: PersonalData): void {
  redactor.add(person.nationalNumber);
  redactor.add(person.surname, { eachWord: true });
  redactor.add(person.givenNames, { eachWord: true });
  redactor.add(`${person.givenNames} ${person.surname}`);
  redactor.add(person.birthDate);
  redactor.add(person.birthPlace);
  for (const line of person.address) redactor.add(line);
}

export const identityProbe: Probe = {
  id: 'identity',
  async run({ deps, options, state, redactor }) {
    const { connection, identification } = state;
    if (!connection || identification?.kind !== 'belgian-eid') return skipped(['identity', 'dataSignature'], 'noEid');
    try {
      const reading = await deps.card.readIdentity(connection);
      registerPersonalData(redactor, reading.personal);
      const p = reading.personal;
      const identity = options.includePersonalData
        ? finding('identity', 'pass', 'readWithData', [`${p.givenNames} ${p.surname}`, p.nationalNumber, `${p.birthDate} ${p.birthPlace}`, p.address.join(', ')], {
            name: `${p.givenNames} ${p.surname}`,
          })
        : finding('identity', 'pass', 'read', null);
      return [
        identity,
        reading.signatureValid ? finding('dataSignature', 'pass', 'valid', true) : finding('dataSignature', 'fail', 'invalid', false),
      ];
    } catch (error) {
      return [finding('identity', 'fail', 'unreadable', errorName(error)), ...skipped(['dataSignature'], 'identityUnreadable')];
    }
  },
};

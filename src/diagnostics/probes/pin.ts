// PIN tries left, read without spending a try. The diagnosis never asks for the PIN.
import { finding, skipped, type Probe } from '../context.ts';
import { errorName } from './card.ts';

export const pinProbe: Probe = {
  id: 'pin',
  async run({ deps, state }) {
    const { connection, identification } = state;
    if (!connection || identification?.kind !== 'belgian-eid') return skipped(['pinTries'], 'noEid');
    try {
      const status = await deps.card.pinStatus(connection);
      if (status.blocked) return [finding('pinTries', 'fail', 'blocked', 0, { tries: 0 })];
      if (status.triesLeft === null) return [finding('pinTries', 'pass', 'unknown', null)];
      return [finding('pinTries', status.triesLeft < 3 ? 'warn' : 'pass', status.triesLeft < 3 ? 'few' : 'ok', status.triesLeft, { tries: status.triesLeft })];
    } catch (error) {
      return [finding('pinTries', 'warn', 'unreadable', errorName(error))];
    }
  },
};

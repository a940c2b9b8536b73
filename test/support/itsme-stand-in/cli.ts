// `tsx test/support/itsme-stand-in/cli.ts --backend http://127.0.0.1:PORT --keys-dir DIR`: the itsme
// stand-in as its own process, for `npm run demo`. Writes the backend's itsme keys into DIR, then prints
// one line {"event":"listening","issuer":…,"serverEnv":{ITSME_*…}} and serves until stopped.
import { parseArgs } from 'node:util';
import { startStandInFor } from './for-backend.ts';

const { values } = parseArgs({ options: { backend: { type: 'string' }, 'keys-dir': { type: 'string' } }, strict: true });
if (!values.backend || !values['keys-dir']) {
  console.error('usage: cli.ts --backend http://127.0.0.1:PORT --keys-dir DIR');
  process.exit(2);
}
const { standIn, serverEnv } = await startStandInFor(values.backend, values['keys-dir']);
console.log(JSON.stringify({ event: 'listening', issuer: standIn.issuer, serverEnv }));
const stop = () => void standIn.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

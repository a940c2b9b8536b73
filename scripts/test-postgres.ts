// `npx tsx scripts/test-postgres.ts start` starts a throwaway PostgreSQL cluster for `npm test` and
// prints the shell lines that point the tests at it; `… stop` stops it and deletes its folder.
//   eval "$(npx tsx scripts/test-postgres.ts start)"   # exports TEST_DATABASE_URL and TEST_POSTGRES_DIR
//   npm test
//   npx tsx scripts/test-postgres.ts stop
import { startPostgresCluster, stopPostgresClusterIn } from '../test/support/postgres-cluster.ts';

const command = process.argv[2];
if (command === 'start') {
  const cluster = await startPostgresCluster();
  console.log(`export TEST_DATABASE_URL='${cluster.url}'`);
  console.log(`export TEST_POSTGRES_DIR='${cluster.dir}'`);
} else if (command === 'stop') {
  const dir = process.argv[3] ?? process.env.TEST_POSTGRES_DIR;
  if (!dir) {
    console.error('stop: no cluster (pass its folder or set TEST_POSTGRES_DIR)');
    process.exit(2);
  }
  stopPostgresClusterIn(dir);
} else {
  console.error('usage: test-postgres.ts start | stop [DIR]');
  process.exit(2);
}

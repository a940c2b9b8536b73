// `npm run server [-- seed] [--seed] [--port N] [--host H] [--trust-proxy HOPS|ADDRESSES] [--db PATH] [--trust CA.pem,…] [--origin https://…] [--dev] [--no-revocation]`
// The reference MyVivium backend. Prints one JSON log line with `"event":"listening"` and the URL once it
// accepts connections (the test helper waits for it).
import { buildApp, loggerOptions } from './app.ts';
import { createAdjustableClock, systemClock } from './clock.ts';
import { ConfigError, parseConfig, type ServerConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import { createItsme, createSender, createValidator, loadHashKey, openStore, outboxPathOf } from './runtime.ts';
import type { KeyedHash } from './keyed-hash.ts';
import { SEED_CUSTOMERS } from './seed.ts';
import type { Store } from './store.ts';

async function serve(config: ServerConfig): Promise<void> {
  const store = openStore(config);
  announceMigrations(await store.migrate());
  if (config.seed) await seed(store, loadHashKey(config));
  const adjustable = config.dev ? createAdjustableClock() : undefined;
  const clock = adjustable ?? systemClock;
  let listeningUrl = '';
  const portalUrl = () => config.portalUrl ?? (config.dev ? listeningUrl : config.origin);
  const itsme = await createItsme(config, portalUrl, (line) => console.error(`itsme: ${line}`));
  const context: ServerContext = {
    store,
    validator: await createValidator(config, clock),
    clock,
    hash: loadHashKey(config),
    sender: createSender(config, clock),
    settings: {
      origin: config.origin,
      dev: config.dev,
      // Development over plain http on loopback cannot use Secure cookies; everything else does.
      secureCookies: !config.dev,
      portalUrl,
      rateLimitMultiplier: config.rateLimitMultiplier,
      sms: config.sms,
      ...(config.dev ? { outboxPath: outboxPathOf(config) } : {}),
      ...(config.downloadUrl ? { downloadUrl: config.downloadUrl } : {}),
      ...(config.itsmeLoginUrl ? { itsmeLoginUrl: config.itsmeLoginUrl } : {}),
    },
    ...(itsme ? { itsme } : {}),
    ...(adjustable ? { advanceClock: (ms: number) => adjustable.advance(ms) } : {}),
  };
  const app = await buildApp(context, { logger: loggerOptions(config.logLevel), trustProxy: config.trustProxy });
  const purge = setInterval(() => void store.purgeExpired(clock.now()).catch((error: Error) => app.log.error({ err: { message: error.message } }, 'purge failed')), 60_000);
  purge.unref();

  const shutdown = async () => {
    clearInterval(purge);
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());

  const address = await app.listen({ port: config.port, host: config.host });
  listeningUrl = address;
  // Announced on stdout whatever the log level: scripts and the test helper wait for this line.
  console.log(JSON.stringify({ event: 'listening', url: address, origin: config.origin, dev: config.dev, database: config.database.kind }));
}

/** One stdout line per start that changed the schema (several instances: only the one that applied them). */
function announceMigrations(versions: number[]): void {
  if (versions.length > 0) console.log(JSON.stringify({ event: 'migrated', versions }));
}

async function seed(store: Store, hash: KeyedHash): Promise<void> {
  const now = Date.now();
  for (const customer of SEED_CUSTOMERS) {
    await store.upsertCustomer(
      { nationalNumberHash: hash('national-number', customer.nationalNumber), displayName: customer.displayName, ...(customer.email ? { email: customer.email } : {}), ...(customer.phone ? { phone: customer.phone } : {}) },
      now,
    );
  }
}

try {
  const config = parseConfig(process.argv.slice(2), process.env);
  if (config.command === 'seed') {
    const store = openStore(config);
    announceMigrations(await store.migrate());
    await seed(store, loadHashKey(config));
    await store.close();
    console.log(`seeded ${SEED_CUSTOMERS.length} demo customers`);
  } else {
    await serve(config);
  }
} catch (error) {
  console.error(error instanceof ConfigError ? `configuration: ${error.message}` : error);
  process.exit(error instanceof ConfigError ? 2 : 1);
}

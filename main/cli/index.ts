// `eid-companion <command>`: one entry per command, each in main/cli/commands/<command>.ts and
// loaded only when used (so `parse` works on a machine without PC/SC).
import { EXIT, processIo, type CliCommand, type CliIo } from './io.ts';

type Loader = () => Promise<{ run: CliCommand }>;

const commands: Record<string, { summary: string; load: Loader }> = {
  login: { summary: 'log in to MyVivium with the eID card (challenge, PIN, sign)', load: () => import('./commands/login.ts') },
  diagnose: { summary: 'check the card reader set-up and write a helpdesk report', load: () => import('./commands/diagnose.ts') },
  readers: { summary: 'List card readers and the card in each', load: () => import('./commands/readers.ts') },
  card: { summary: 'Read the Belgian eID card (no PIN) and check its data', load: () => import('./commands/card.ts') },
  parse: { summary: 'Decode a raw identity or address file', load: () => import('./commands/parse.ts') },
  'verify-token': { summary: 'validate a saved Web eID token like the backend does', load: () => import('./commands/verify-token.ts') },
  open: { summary: 'hand a myvivium-eid: link to the running app (as the browser does)', load: () => import('./commands/open.ts') },
  'virtual-card': { summary: 'put a virtual eID card in the vpcd reader (tests, demo)', load: () => import('./commands/virtual-card.ts') },
};

function usage(io: CliIo): void {
  io.out('Usage: eid-companion <command> [options]   (each command takes --help)\n');
  for (const [name, { summary }] of Object.entries(commands)) io.out(`  ${name.padEnd(14)} ${summary}`);
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    usage(io);
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = commands[name];
  if (!command) {
    io.err(`Unknown command "${name}".`);
    usage(io);
    return EXIT.usage;
  }
  const { run } = await command.load();
  return run(rest, io);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}

// Starts the card worker as a Node child process (web host, CLI, tests). `serialization: 'advanced'`
// lets Uint8Array cross as bytes; tsx loads the TypeScript entry.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SpawnWorker, WorkerHandle } from './protocol.ts';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export const forkCardWorker: SpawnWorker = (): WorkerHandle => {
  const child = fork(WORKER, [], {
    serialization: 'advanced',
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL'),
  };
};

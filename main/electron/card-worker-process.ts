// Starts the card worker as an Electron utilityProcess: a crash of the native PC/SC binding ends
// that process, not the window; the companion restarts it.
import { utilityProcess } from 'electron';
import type { SpawnWorker } from '../card-process/protocol.ts';

export function utilityCardWorker(workerPath: string): SpawnWorker {
  return () => {
    const child = utilityProcess.fork(workerPath, [], { serviceName: 'eID card', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}

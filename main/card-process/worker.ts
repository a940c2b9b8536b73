// Entry point of the card process: a child_process.fork (web host, CLI, tests) or an Electron
// utilityProcess. It loads the PC/SC binding — the part that may crash — and serves the RPC of
// protocol.ts by handing each call to the card service (src/card-service). Nothing in here survives a
// crash: the parent restarts the process.
import { AppError } from '../../src/contract/index.ts';
import { CardService, dispatchCardOperation } from '../../src/card-service/index.ts';
import { diagnosisHost } from '../diagnosis-host.ts';
import { parentMessageSchema, type WorkerConfig, type WorkerMessage } from './protocol.ts';
import { createPcscPort } from './pcsc-port.ts';

interface ParentLink {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** Electron's utilityProcess gives `process.parentPort`; a forked Node process has `process.send`. */
function parentLink(): ParentLink {
  const electronPort = (process as unknown as { parentPort?: { postMessage(m: unknown): void; on(e: 'message', l: (event: { data: unknown }) => void): void } }).parentPort;
  if (electronPort) {
    return {
      send: (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
    };
  }
  if (!process.send) throw new Error('the card worker must be started as a child process');
  return {
    send: (message) => process.send?.(message),
    onMessage: (listener) => process.on('message', listener),
  };
}

async function serve(link: ParentLink): Promise<void> {
  let starting: Promise<CardService> | null = null;
  const start = async (config: WorkerConfig) => {
    const port = await createPcscPort(config);
    return new CardService(port, {
      readers: (overview) => link.send({ kind: 'readers', overview }),
      pinPad: (reader, timeoutSeconds) => link.send({ kind: 'pin-pad', reader, timeoutSeconds }),
      diagnosisProgress: (step, total, probe) => link.send({ kind: 'diagnosis-progress', step, total, probe }),
    }, { diagnosisHost: () => diagnosisHost(process.env, { anchorDirectory: config.trustAnchorDirectory }) });
  };
  let service: CardService | null = null;
  const onMessage = async (raw: unknown): Promise<void> => {
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'init') {
      starting = start(message.config);
      // A binding that does not load leaves the process up: every call then says why.
      service = await starting.catch(() => null);
      link.send({ kind: 'ready' });
      return;
    }
    if (message.kind === 'cancel') {
      service?.cancel();
      return;
    }
    try {
      if (!starting) throw new AppError('INTERNAL', 'the card process was not initialised');
      const ready = await starting.catch((error: unknown) => {
        if (message.op === 'overview') return null;
        throw error instanceof AppError ? error : new AppError('PCSC_UNAVAILABLE', `the PC/SC service cannot be used: ${String(error).slice(0, 200)}`);
      });
      const value = ready ? await dispatchCardOperation(ready, message.op, message.args) : { service: 'unavailable', readers: [] };
      link.send({ kind: 'result', id: message.id, ok: true, value });
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', error instanceof Error ? error.message.slice(0, 300) : 'failure');
      link.send({ kind: 'result', id: message.id, ok: false, error: appError.toJSON() });
    }
  };
  link.onMessage((raw) => void onMessage(raw));
}

void serve(parentLink());

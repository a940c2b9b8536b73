// Entry point of the card process: a child_process.fork (web host, CLI, tests) or an Electron
// utilityProcess. It loads the PC/SC binding — the part that may crash — and serves the RPC of
// protocol.ts. Nothing in here survives a crash: the parent restarts the process.
import { AppError } from '../../src/contract/index.ts';
import { CardEngine } from './engine.ts';
import { parentMessageSchema, type Operation, type WorkerConfig, type WorkerMessage } from './protocol.ts';
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
  let starting: Promise<CardEngine> | null = null;
  const start = async (config: WorkerConfig) => {
    const port = await createPcscPort(config);
    return new CardEngine(port, {
      readers: (overview) => link.send({ kind: 'readers', overview }),
      pinPad: (reader, timeoutSeconds) => link.send({ kind: 'pin-pad', reader, timeoutSeconds }),
      diagnosisProgress: (step, total, probe) => link.send({ kind: 'diagnosis-progress', step, total, probe }),
    }, config.trustAnchorDirectory ? { trustAnchorDirectory: config.trustAnchorDirectory } : {});
  };
  let engine: CardEngine | null = null;
  link.onMessage(async (raw) => {
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'init') {
      starting = start(message.config);
      // A binding that does not load leaves the process up: every call then says why.
      engine = await starting.catch(() => null);
      link.send({ kind: 'ready' });
      return;
    }
    if (message.kind === 'cancel') {
      engine?.cancel();
      return;
    }
    try {
      if (!starting) throw new AppError('INTERNAL', 'the card process was not initialised');
      const ready = await starting.catch((error: unknown) => {
        if (message.op === 'overview') return null;
        throw error instanceof AppError ? error : new AppError('PCSC_UNAVAILABLE', `the PC/SC service cannot be used: ${String(error).slice(0, 200)}`);
      });
      const value = ready ? await run(ready, message.op, message.args) : { service: 'unavailable', readers: [] };
      link.send({ kind: 'result', id: message.id, ok: true, value });
    } catch (error) {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', error instanceof Error ? error.message.slice(0, 300) : 'failure');
      link.send({ kind: 'result', id: message.id, ok: false, error: appError.toJSON() });
    }
  });
}

async function run(engine: CardEngine, op: Operation, args: unknown): Promise<unknown> {
  const { operations } = await import('./protocol.ts');
  const parsed = operations[op].args.safeParse(args);
  if (!parsed.success) throw new AppError('INVALID_ARGUMENT', `invalid arguments for ${op}`);
  switch (op) {
    case 'overview':
      return engine.overview();
    case 'summary':
      return engine.summary(parsed.data as { reader: string });
    case 'authCertificate':
      return engine.authCertificate(parsed.data as { reader: string });
    case 'pinStatus':
      return engine.pinStatus(parsed.data as { reader: string });
    case 'authenticate':
      return engine.authenticate(parsed.data as Parameters<CardEngine['authenticate']>[0]);
    case 'changePin':
      return engine.changePin(parsed.data as Parameters<CardEngine['changePin']>[0]);
    case 'diagnose':
      return engine.diagnose(parsed.data as Parameters<CardEngine['diagnose']>[0]);
  }
}

void serve(parentLink());

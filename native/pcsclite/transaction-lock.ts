// The pcsclite binding has no SCardBeginTransaction, so a "transaction" here is an in-process lock
// per reader: our own multi-APDU operations never interleave. (Another program sharing the card could
// still interleave; every BELPIC operation selects its file by absolute path, so it stays correct.)

export class ReaderLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for the reader, then returns the function that releases it. */
  async acquire(reader: string): Promise<() => void> {
    const previous = this.tails.get(reader) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(reader, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(reader) === tail) this.tails.delete(reader);
    };
  }
}

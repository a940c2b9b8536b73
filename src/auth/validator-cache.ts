// A bounded memo from a certificate's Base64 text to its decoding and verified path. A login server
// sees the same few thousand cards again and again; re-decoding and re-verifying the CA signature on
// every login would double the cost of a validation. Entries hold only facts that do not depend on
// time or request (decoding and path signatures), so caching cannot change an answer.
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Refresh its place so the least recently used entry is the first to go.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
    return value;
  }
}

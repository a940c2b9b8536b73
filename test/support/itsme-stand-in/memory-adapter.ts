// oidc-provider's storage for the stand-in, in memory and per provider (its own memory adapter is shared by
// every provider in the process). `age` moves stored authorization codes towards their expiry, so a test
// sees itsme's 3-minute code lifetime end without waiting for it.
interface Entry {
  payload: Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; exp?: number; iat?: number; consumed?: number };
  expiresAt: number | undefined;
}

export interface AgingStorage {
  /** Makes every stored authorization code `seconds` older. */
  ageCodes(seconds: number): void;
  adapter: new (model: string) => unknown;
}

export function createAgingStorage(): AgingStorage {
  const entries = new Map<string, Entry>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  class Adapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Entry['payload'], expiresIn?: number) {
      entries.set(this.key(id), { payload: structuredClone(payload), expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
    }
    async find(id: string) {
      return live(this.key(id))?.payload;
    }
    async findByUid(uid: string) {
      for (const [key, entry] of entries) if (key.startsWith(`${this.model}:`) && entry.payload.uid === uid) return live(key)?.payload;
      return undefined;
    }
    async findByUserCode(userCode: string) {
      for (const [key, entry] of entries) if (key.startsWith(`${this.model}:`) && entry.payload.userCode === userCode) return live(key)?.payload;
      return undefined;
    }
    async consume(id: string) {
      const entry = live(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      entries.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(key);
    }
  }

  return {
    adapter: Adapter,
    ageCodes(seconds) {
      for (const [key, entry] of entries) {
        if (!key.startsWith('AuthorizationCode:')) continue;
        if (typeof entry.payload.exp === 'number') entry.payload.exp -= seconds;
        if (typeof entry.payload.iat === 'number') entry.payload.iat -= seconds;
      }
    },
  };
}

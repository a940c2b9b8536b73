// The MyVivium session lives in a cookie. The client is not a browser, so it keeps the cookies of
// its one backend itself: name → value, replaced by every Set-Cookie, dropped on Max-Age=0.

export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Takes the Set-Cookie header values of one response. */
  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** The Cookie request header, or undefined when empty. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  clear(): void {
    this.#cookies.clear();
  }
}

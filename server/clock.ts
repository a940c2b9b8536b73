// The server's notion of now. Production reads the system clock; development adds an offset that the
// tests move forward (POST /dev/clock) to expire nonces and codes without waiting.
export interface Clock {
  now(): number;
}

export interface AdjustableClock extends Clock {
  advance(ms: number): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export function createAdjustableClock(base: Clock = systemClock): AdjustableClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}

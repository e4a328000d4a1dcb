/**
 * The time as the server's rules read it, in Unix seconds. Every request handler asks the
 * process's clock rather than `Date.now()`, so that tests can move time on instead of waiting.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Math.floor(Date.now() / 1000) };

/** A clock that stands still until a test moves it. */
export interface SettableClock extends Clock {
  advance(seconds: number): void;
}

export function settableClock(start: number = systemClock.now()): SettableClock {
  let current = start;
  return {
    now: () => current,
    advance: (seconds) => {
      current += seconds;
    },
  };
}

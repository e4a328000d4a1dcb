/**
 * Deleting what no rule reads any more, once an hour while the server runs: expired sessions and
 * rate-limit rows past `rateLimitRetentionSeconds` (issue 12.4: one row is kept per typed
 * username, so without this anyone could grow the table without bound).
 */
import { deleteExpiredSessions } from '../accounts/session.ts';
import { rateLimitRetentionSeconds } from '../abuse/limits-config.ts';
import { deleteStaleRateLimits } from '../abuse/rate-limit.ts';
import type { Services } from './services.ts';

const hourMilliseconds = 60 * 60 * 1000;

export interface Housekeeping {
  /** Stops the timer and waits for a pass in progress, so the database can be closed after it. */
  stop(): Promise<void>;
}

/** One pass, at the services clock's time; answers how many rows of each kind went. */
export async function cleanUpStaleRows(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
): Promise<{ sessions: number; rateLimits: number }> {
  const { db, config } = services;
  const now = services.clock.now();
  const sessions = await deleteExpiredSessions(db, now);
  const rateLimits = await deleteStaleRateLimits(db, rateLimitRetentionSeconds(config.limits), now);
  return { sessions, rateLimits };
}

/** A pass every hour; a pass that fails is reported on stderr and the next one tries again. */
export function startHousekeeping(services: Pick<Services, 'db' | 'config' | 'clock'>): Housekeeping {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      cleanUpStaleRows(services).then(
        () => undefined,
        (error: unknown) => console.error('Housekeeping failed; it will try again in an hour:', error),
      ),
    );
  }, hourMilliseconds);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return running;
    },
  };
}

/**
 * "Download my data": the JSON document of accounts/account-data.ts, named for the account and
 * the day; `titles` are the published stories' headlines by slug.
 */
import type { Services } from '../app/services.ts';
import { collectAccountData } from '../accounts/account-data.ts';
import type { User } from '../accounts/user.ts';

export async function performDataDownload(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  user: User,
  titles: ReadonlyMap<string, string>,
): Promise<{ filename: string; json: string } | null> {
  const now = services.clock.now();
  const data = await collectAccountData(services.db, user.id, { origin: services.config.siteOrigin, titles }, now);
  if (data === null) return null;
  const day = new Date(now * 1000).toISOString().slice(0, 10);
  return { filename: `the-ledger-${user.username}-${day}.json`, json: `${JSON.stringify(data, null, 2)}\n` };
}

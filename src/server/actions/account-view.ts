/** What the account page shows: the signed-in devices and the state of two-factor sign-in. */
import type { Services } from '../app/services.ts';
import { listUserSessions, type Session } from '../accounts/session.ts';
import { decodeTotpKey, encodeTotpKey, generateTotpKey, hasTwoFactor, totpKeyUri } from '../accounts/two-factor.ts';
import type { User } from '../accounts/user.ts';

export interface AccountPageView {
  devices: Session[];
  twoFactor: { enabled: boolean; setup: { key: string; uri: string } | null };
}

/** `setupKey` is the key a refused setup showed, kept so the reader need not add the account again. */
export async function readAccountPage(
  services: Pick<Services, 'db' | 'clock'>,
  user: User,
  setupKey?: string,
): Promise<AccountPageView> {
  const devices = await listUserSessions(services.db, user.id, services.clock.now());
  if (await hasTwoFactor(services.db, user.id)) return { devices, twoFactor: { enabled: true, setup: null } };
  const key = (setupKey === undefined ? null : decodeTotpKey(setupKey)) ?? generateTotpKey();
  return {
    devices,
    twoFactor: { enabled: false, setup: { key: encodeTotpKey(key), uri: totpKeyUri(user.username, key) } },
  };
}

/** STAFF_TWO_FACTOR=required: a moderator or admin without two-factor sign-in is sent to set it up first. */
import type { Services } from '../app/services.ts';
import { hasTwoFactor } from '../accounts/two-factor.ts';
import type { User } from '../accounts/user.ts';
import { canModerate } from '../moderation/decisions.ts';

export const TWO_FACTOR_SETUP_PATH = '/account/?two_factor=required#two-factor';

export async function mustSetUpTwoFactor(services: Pick<Services, 'db' | 'config'>, user: User): Promise<boolean> {
  return (
    services.config.staffTwoFactor === 'required' && canModerate(user) && !(await hasTwoFactor(services.db, user.id))
  );
}

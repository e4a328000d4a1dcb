/**
 * The account page's forms (issue 13 items 3 and 6), each mapped to where the reader goes next or
 * what the page shows: a redirect after a change (so a reload repeats nothing), or the page again
 * with the refusal next to the part it concerns. The recovery code is the one thing shown in the
 * answer to a post, because it is never stored and cannot be shown again.
 */
import type { Services } from '../app/services.ts';
import type { Session } from '../accounts/session.ts';
import type { CookieJar } from '../accounts/session-cookie.ts';
import type { User } from '../accounts/user.ts';
import type { AccountRequest } from './account-request.ts';
import { performChangePassword } from './change-password.ts';
import { performDeleteAccount } from './delete-account.ts';
import { performSignOutDevice, performSignOutEverywhere } from './sign-out.ts';
import { performDisableTwoFactor, performEnableTwoFactor } from './two-factor.ts';

/** The parts of the page, by the id of their section. */
export type AccountPart = 'password' | 'devices' | 'delete' | 'two-factor';

/** What the page says after a redirect: `?done=` names. */
export const ACCOUNT_DONE = {
  password: 'Your password is changed. You are still signed in here; every other device is signed out.',
  device: 'That device is signed out.',
  'two-factor-off': 'Two-factor sign-in is off.',
  'two-factor-recovered':
    'You signed in with your recovery code, so two-factor sign-in is off. Set it up again with your new app below.',
} as const;

export type AccountDone = keyof typeof ACCOUNT_DONE;

export type AccountOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'recovery-code'; recoveryCode: string }
  | {
      kind: 'refused';
      status: 400 | 404 | 409 | 429;
      part: AccountPart;
      field?: string;
      message: string;
      retryAfterSeconds?: number;
      /** The two-factor key the setup form showed, to show again rather than make the reader scan anew. */
      key?: string;
    };

export interface AccountViewer {
  user: User;
  session: Session;
  clientIp: string | null;
  cookies: CookieJar;
}

export async function performAccountRequest(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  viewer: AccountViewer,
  request: AccountRequest,
): Promise<AccountOutcome> {
  const { user, session, clientIp, cookies } = viewer;
  switch (request.intent) {
    case 'change-password': {
      const outcome = await performChangePassword(services, user, session, request, clientIp);
      return outcome.ok ? done('password', 'password') : { kind: 'refused', part: 'password', ...outcome };
    }
    case 'sign-out-device': {
      if (await performSignOutDevice(services, user.id, request.sessionId)) return done('device', 'devices');
      return { kind: 'refused', status: 404, part: 'devices', message: 'That device is signed out already.' };
    }
    case 'sign-out-everywhere':
      await performSignOutEverywhere(services, user.id, cookies);
      return { kind: 'redirect', location: '/' };
    case 'delete-account': {
      const outcome = await performDeleteAccount(services, user, request.password, clientIp, cookies);
      if (outcome.ok) return { kind: 'redirect', location: '/account/deleted/' };
      return { kind: 'refused', part: 'delete', field: 'password', ...outcome };
    }
    case 'enable-two-factor': {
      const outcome = await performEnableTwoFactor(services, user.id, session, request.key, request.code);
      if (outcome.ok) return { kind: 'recovery-code', recoveryCode: outcome.recoveryCode };
      return { kind: 'refused', part: 'two-factor', field: 'code', key: request.key, ...outcome };
    }
    case 'disable-two-factor': {
      const outcome = await performDisableTwoFactor(services, user.id, request.code, clientIp);
      return outcome.ok
        ? done('two-factor-off', 'two-factor')
        : { kind: 'refused', part: 'two-factor', field: 'code', ...outcome };
    }
  }
}

function done(name: AccountDone, part: AccountPart): AccountOutcome {
  return { kind: 'redirect', location: `/account/?done=${name}#${part}` };
}

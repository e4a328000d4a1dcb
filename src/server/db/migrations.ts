/**
 * Every migration, in the order they apply. Adding one: a file in migrations/ numbered after the
 * last, exporting one Migration, and its line at the end of this list.
 */
import type { Migration } from './migration.ts';
import { usersSessionsComments } from './migrations/001-users-sessions-comments.ts';
import { rateLimitsReportsAuditLog } from './migrations/002-rate-limits-reports-audit-log.ts';
import { commentNumbersNeverReused } from './migrations/003-comment-numbers-never-reused.ts';
import { holdReasonsSuspensionsDismissedReports } from './migrations/004-hold-reasons-suspensions-dismissed-reports.ts';
import { importedComments } from './migrations/006-imported-comments.ts';
import { mail } from './migrations/007-mail.ts';
import { likesAndFeatured } from './migrations/008-likes-featured.ts';
import { devicesDeletedAccountsTwoFactor } from './migrations/010-devices-deleted-accounts-two-factor.ts';

export const migrations: readonly Migration[] = [
  usersSessionsComments,
  rateLimitsReportsAuditLog,
  commentNumbersNeverReused,
  holdReasonsSuspensionsDismissedReports,
  importedComments,
  mail,
  likesAndFeatured,
  devicesDeletedAccountsTwoFactor,
];

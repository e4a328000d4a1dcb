import type { Migration } from '../migration.ts';

// Why screening held a comment (a JSON list of { kind, ... } the queue shows), until when an
// account is suspended, and which reports a moderator dismissed (issue 16 items 1 and 2).
export const holdReasonsSuspensionsDismissedReports: Migration = {
  version: 4,
  name: 'hold reasons, suspensions and dismissed reports',
  sqlite: `
      ALTER TABLE comments ADD COLUMN hold_reasons TEXT;
      ALTER TABLE users ADD COLUMN suspended_until INTEGER;
      ALTER TABLE reports ADD COLUMN dismissed_at INTEGER;
    `,
  postgres: `
      ALTER TABLE comments ADD COLUMN hold_reasons TEXT;
      ALTER TABLE users ADD COLUMN suspended_until BIGINT;
      ALTER TABLE reports ADD COLUMN dismissed_at BIGINT;
    `,
};

import type { Migration } from '../migration.ts';

// Issue 13 items 3 and 6. A session keeps the browser it was started in, summarized ("Chrome on
// Linux", never the raw User-Agent), and whether its second factor was given. A deleted account
// keeps its row (its "Comment deleted" placeholders still point at it) with deleted_at set and
// nothing personal left; its username stays reserved for 30 days. two_factor holds an account's
// TOTP key and the SHA-256 of its recovery code; last_counter refuses a code used twice.
export const devicesDeletedAccountsTwoFactor: Migration = {
  version: 10,
  name: 'devices, deleted accounts and two-factor sign-in',
  sqlite: `
      ALTER TABLE sessions ADD COLUMN browser TEXT NOT NULL DEFAULT '';
      ALTER TABLE sessions ADD COLUMN two_factor_verified INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN deleted_at INTEGER;
      CREATE TABLE two_factor (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        totp_key BLOB NOT NULL,
        recovery_code_hash BLOB NOT NULL,
        last_counter INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      ) STRICT;
    `,
  postgres: `
      ALTER TABLE sessions ADD COLUMN browser TEXT NOT NULL DEFAULT '';
      ALTER TABLE sessions ADD COLUMN two_factor_verified INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN deleted_at BIGINT;
      CREATE TABLE two_factor (
        user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        totp_key BYTEA NOT NULL,
        recovery_code_hash BYTEA NOT NULL,
        last_counter BIGINT NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL
      );
    `,
};

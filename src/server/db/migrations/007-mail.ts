import type { Migration } from '../migration.ts';

// Mail (issue 13): an address counts once email_verified_at is set; notify_replies and
// moderator_digest are opt-ins (0 or 1). Codes and reset tokens are kept as SHA-256 only.
// mail_outbox rows are queued in the transaction of the event that causes them and sent in the
// background: payload holds what the message needs (a code, a link's token, comment ids) until
// it is sent, then it is emptied. coalesce_key groups reply notifications of one thread.
// site_secrets holds the generated MAIL_SECRET so every process signs links alike.
export const mail: Migration = {
  version: 7,
  name: 'email verification, password resets, the mail outbox',
  sqlite: `
      ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
      ALTER TABLE users ADD COLUMN notify_replies INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN moderator_digest INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;
      CREATE TABLE email_verifications (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        code_hash BLOB NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE password_resets (
        token_hash BLOB PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX password_resets_user ON password_resets (user_id);
      CREATE TABLE mail_outbox (
        id INTEGER PRIMARY KEY,
        user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
        recipient TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        coalesce_key TEXT,
        created_at INTEGER NOT NULL,
        send_after INTEGER NOT NULL,
        claimed_until INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        sent_at INTEGER,
        failed_at INTEGER
      ) STRICT;
      CREATE INDEX mail_outbox_due ON mail_outbox (send_after, id) WHERE sent_at IS NULL AND failed_at IS NULL;
      CREATE INDEX mail_outbox_coalesce ON mail_outbox (coalesce_key, id) WHERE coalesce_key IS NOT NULL;
      CREATE INDEX mail_outbox_user ON mail_outbox (user_id);
      CREATE TABLE site_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  postgres: `
      ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
      ALTER TABLE users ADD COLUMN notify_replies INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN moderator_digest INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX users_email ON users (lower(email)) WHERE email IS NOT NULL;
      CREATE TABLE email_verifications (
        user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        code_hash BYTEA NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE password_resets (
        token_hash BYTEA PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX password_resets_user ON password_resets (user_id);
      CREATE TABLE mail_outbox (
        id BIGSERIAL PRIMARY KEY,
        user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
        recipient TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        coalesce_key TEXT,
        created_at BIGINT NOT NULL,
        send_after BIGINT NOT NULL,
        claimed_until BIGINT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        sent_at BIGINT,
        failed_at BIGINT
      );
      CREATE INDEX mail_outbox_due ON mail_outbox (send_after, id) WHERE sent_at IS NULL AND failed_at IS NULL;
      CREATE INDEX mail_outbox_coalesce ON mail_outbox (coalesce_key, id) WHERE coalesce_key IS NOT NULL;
      CREATE INDEX mail_outbox_user ON mail_outbox (user_id);
      CREATE TABLE site_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
};

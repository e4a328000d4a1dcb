/**
 * Versioned schema changes, applied in order at start and recorded in `schema_migrations`.
 * Each migration carries its SQL for both dialects side by side; a migration, once landed, is
 * never edited: a change is a new migration.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'users, sessions and comments',
    sqlite: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        email TEXT,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'moderator', 'admin')),
        banned_at INTEGER,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        secret_hash BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE TABLE comments (
        id INTEGER PRIMARY KEY,
        story_slug TEXT NOT NULL,
        parent_id INTEGER REFERENCES comments (id),
        author_id INTEGER NOT NULL REFERENCES users (id),
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'visible'
          CHECK (status IN ('visible', 'pending', 'hidden', 'deleted')),
        depth INTEGER NOT NULL DEFAULT 0,
        hidden_reason TEXT,
        created_at INTEGER NOT NULL,
        edited_at INTEGER,
        deleted_at INTEGER
      ) STRICT;
      CREATE INDEX comments_story ON comments (story_slug, id);
      CREATE INDEX comments_author ON comments (author_id, created_at);
    `,
    postgres: `
      CREATE TABLE users (
        id BIGSERIAL PRIMARY KEY,
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        email TEXT,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'moderator', 'admin')),
        banned_at BIGINT,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        secret_hash BYTEA NOT NULL,
        created_at BIGINT NOT NULL,
        last_used_at BIGINT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE TABLE comments (
        id BIGSERIAL PRIMARY KEY,
        story_slug TEXT NOT NULL,
        parent_id BIGINT REFERENCES comments (id),
        author_id BIGINT NOT NULL REFERENCES users (id),
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'visible'
          CHECK (status IN ('visible', 'pending', 'hidden', 'deleted')),
        depth INTEGER NOT NULL DEFAULT 0,
        hidden_reason TEXT,
        created_at BIGINT NOT NULL,
        edited_at BIGINT,
        deleted_at BIGINT
      );
      CREATE INDEX comments_story ON comments (story_slug, id);
      CREATE INDEX comments_author ON comments (author_id, created_at);
    `,
  },
  {
    version: 2,
    name: 'rate limits, reports and the audit log',
    // rate_limits: a token bucket keeps the tokens left in count, refilled up to `since`; a
    // failure window keeps the failures counted in count for the window that starts at `since`.
    // audit_log has no foreign keys, so the log outlives what it names; a null actor_id is the
    // command line or an automatic rule (the action says which).
    sqlite: `
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        since INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX rate_limits_since ON rate_limits (since);
      CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        reporter_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'other')),
        note TEXT,
        created_at INTEGER NOT NULL,
        resolved_at INTEGER,
        UNIQUE (comment_id, reporter_id)
      ) STRICT;
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        actor_id INTEGER,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL CHECK (target_type IN ('comment', 'user')),
        target_id INTEGER NOT NULL,
        reason TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX audit_log_created ON audit_log (created_at, id);
      CREATE INDEX comments_pending ON comments (created_at) WHERE status = 'pending';
    `,
    postgres: `
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        since BIGINT NOT NULL
      );
      CREATE INDEX rate_limits_since ON rate_limits (since);
      CREATE TABLE reports (
        id BIGSERIAL PRIMARY KEY,
        comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        reporter_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'off-topic', 'other')),
        note TEXT,
        created_at BIGINT NOT NULL,
        resolved_at BIGINT,
        UNIQUE (comment_id, reporter_id)
      );
      CREATE TABLE audit_log (
        id BIGSERIAL PRIMARY KEY,
        actor_id BIGINT,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL CHECK (target_type IN ('comment', 'user')),
        target_id BIGINT NOT NULL,
        reason TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX audit_log_created ON audit_log (created_at, id);
      CREATE INDEX comments_pending ON comments (created_at) WHERE status = 'pending';
    `,
  },
];

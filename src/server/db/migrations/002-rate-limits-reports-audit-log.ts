import type { Migration } from '../migration.ts';

// rate_limits: a token bucket keeps the tokens left in count, refilled up to `since`; a failure
// window keeps the failures counted in count for the window that starts at `since`.
// audit_log has no foreign keys, so the log outlives what it names; a null actor_id is the
// command line or an automatic rule (the action says which).
export const rateLimitsReportsAuditLog: Migration = {
  version: 2,
  name: 'rate limits, reports and the audit log',
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
};

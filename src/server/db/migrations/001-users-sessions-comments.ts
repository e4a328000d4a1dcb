import type { Migration } from '../migration.ts';

export const usersSessionsComments: Migration = {
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
};

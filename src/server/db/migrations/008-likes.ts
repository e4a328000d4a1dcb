import type { Migration } from '../migration.ts';

// One like per account per comment: the primary key makes a second one impossible, and a like
// goes with its comment or its account.
export const likes: Migration = {
  version: 8,
  name: 'likes',
  sqlite: `
      CREATE TABLE likes (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, comment_id)
      ) STRICT;
      CREATE INDEX likes_comment ON likes (comment_id);
    `,
  postgres: `
      CREATE TABLE likes (
        user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, comment_id)
      );
      CREATE INDEX likes_comment ON likes (comment_id);
    `,
};

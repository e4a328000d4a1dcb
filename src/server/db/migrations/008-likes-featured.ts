import type { Migration } from '../migration.ts';

// One like per account per comment: the primary key makes a second one impossible, and a like
// goes with its comment or its account. A featured comment (issue 14) is a row of its own, gone
// with the comment; the moderator who featured it may leave.
export const likesAndFeatured: Migration = {
  version: 8,
  name: 'likes and featured comments',
  sqlite: `
      CREATE TABLE likes (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, comment_id)
      ) STRICT;
      CREATE INDEX likes_comment ON likes (comment_id);
      CREATE TABLE featured_comments (
        comment_id INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
        featured_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
        featured_at INTEGER NOT NULL
      ) STRICT;
    `,
  postgres: `
      CREATE TABLE likes (
        user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        comment_id BIGINT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, comment_id)
      );
      CREATE INDEX likes_comment ON likes (comment_id);
      CREATE TABLE featured_comments (
        comment_id BIGINT PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
        featured_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
        featured_at BIGINT NOT NULL
      );
    `,
};

import type { Migration } from '../migration.ts';

// SQLite gives an INTEGER PRIMARY KEY without AUTOINCREMENT the largest id in use plus one, so
// deleting the newest comment handed its number to the next: https://www.sqlite.org/autoinc.html
// A table cannot gain AUTOINCREMENT in place, so comments is rebuilt with every column, key and
// index it had (001, and comments_pending from 002). sqlite_sequence then starts past the largest
// comment number anything names, so numbers lost before this migration are not given out either.
// PostgreSQL's BIGSERIAL sequence never hands out a number twice: nothing to do there.
export const commentNumbersNeverReused: Migration = {
  version: 3,
  name: 'comment numbers are never reused',
  rebuildsTables: true,
  sqlite: `
      CREATE TABLE new_comments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
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
      INSERT INTO new_comments (id, story_slug, parent_id, author_id, body, status, depth, hidden_reason,
                                created_at, edited_at, deleted_at)
        SELECT id, story_slug, parent_id, author_id, body, status, depth, hidden_reason,
               created_at, edited_at, deleted_at
        FROM comments ORDER BY id;
      DROP TABLE comments;
      ALTER TABLE new_comments RENAME TO comments;
      CREATE INDEX comments_story ON comments (story_slug, id);
      CREATE INDEX comments_author ON comments (author_id, created_at);
      CREATE INDEX comments_pending ON comments (created_at) WHERE status = 'pending';
      DELETE FROM sqlite_sequence WHERE name = 'comments';
      INSERT INTO sqlite_sequence (name, seq)
        SELECT 'comments', max(id) FROM (
          SELECT 0 AS id
          UNION ALL SELECT max(id) FROM comments
          UNION ALL SELECT max(comment_id) FROM reports
          UNION ALL SELECT max(target_id) FROM audit_log WHERE target_type = 'comment'
        );
    `,
  postgres: null,
};

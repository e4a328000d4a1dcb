import type { Migration } from '../migration.ts';

// What `npm run comments:import` brought in, by the source's own ids, so a second run of the same
// export imports nothing twice. No foreign keys: a comment deleted for good (or an account gone)
// keeps its row, and a re-run does not bring it back.
export const importedComments: Migration = {
  version: 6,
  name: 'imported comments and authors',
  sqlite: `
      CREATE TABLE imported_comments (
        source TEXT NOT NULL,
        external_id TEXT NOT NULL,
        comment_id INTEGER NOT NULL,
        imported_at INTEGER NOT NULL,
        PRIMARY KEY (source, external_id)
      ) STRICT;
      CREATE TABLE imported_authors (
        source TEXT NOT NULL,
        external_key TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        PRIMARY KEY (source, external_key)
      ) STRICT;
    `,
  postgres: `
      CREATE TABLE imported_comments (
        source TEXT NOT NULL,
        external_id TEXT NOT NULL,
        comment_id BIGINT NOT NULL,
        imported_at BIGINT NOT NULL,
        PRIMARY KEY (source, external_id)
      );
      CREATE TABLE imported_authors (
        source TEXT NOT NULL,
        external_key TEXT NOT NULL,
        user_id BIGINT NOT NULL,
        PRIMARY KEY (source, external_key)
      );
    `,
};

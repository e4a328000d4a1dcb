import type { Queryable } from './database.ts';

interface ForeignKey {
  child: string;
  parent: string;
}

/**
 * The tables of a SQLite database, read from its catalog, each after every table its foreign keys
 * reference, so rows inserted in this order always find the rows they point to; otherwise in
 * the order they were created. A table that references itself (a reply's parent comment) needs
 * its rows in order instead. Tables that reference each other in a circle cannot be ordered.
 */
export async function listTablesParentsFirst(db: Queryable): Promise<string[]> {
  if (db.dialect !== 'sqlite') throw new Error('Tables are read from a SQLite catalog only.');
  const tables = await db.all<{ name: string }>(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
  );
  const foreignKeys = await db.all<ForeignKey>(
    `SELECT t.name AS child, f."table" AS parent
     FROM sqlite_schema AS t, pragma_foreign_key_list(t.name) AS f WHERE t.type = 'table'`,
  );
  const names = tables.map((table) => table.name);
  // SQLite matches table names without regard to case, and lets a key name a table that is not there.
  const known = new Set(names.map((name) => name.toLowerCase()));
  const parentsOf = (table: string): string[] =>
    foreignKeys
      .filter((key) => key.child === table && known.has(key.parent.toLowerCase()))
      .map((key) => key.parent.toLowerCase())
      .filter((parent) => parent !== table.toLowerCase());

  const ordered: string[] = [];
  const placed = new Set<string>();
  let remaining = names;
  while (remaining.length > 0) {
    const ready = remaining.find((table) => parentsOf(table).every((parent) => placed.has(parent)));
    if (ready === undefined) {
      throw new Error(`These tables reference each other in a circle, so no order fits them: ${remaining.join(', ')}.`);
    }
    ordered.push(ready);
    placed.add(ready.toLowerCase());
    remaining = remaining.filter((table) => table !== ready);
  }
  return ordered;
}

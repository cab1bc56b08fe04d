import type Database from 'better-sqlite3';

/** What a person is told when the store cannot write. */
export const FULL =
  "Storage is full, so nothing was saved: the bot's operator has to free disk space. Try again later.";
export const DISK_ERROR =
  "Storage has a disk error, so nothing was saved: the bot's operator has to look at it. Try again later.";
export const READ_ONLY =
  "Storage is read-only, so nothing was saved: the bot's operator has to make it writable. Try again later.";

/**
 * Makes the database "full" for real on the backend's own connection: SQLite may not grow the file
 * past its current pages (`max_page_count` is per connection), and filler rows use up the room left
 * in each table's pages, so the next new row fails with SQLITE_FULL as on a full disk.
 */
export function fillUp(conn: Database.Database): void {
  conn.pragma(`max_page_count = ${conn.pragma('page_count', { simple: true }) as number}`);
  const fillers = [
    conn.prepare("INSERT INTO kv (key, value) VALUES ('filler:' || ?, 'x')"),
    conn.prepare("INSERT INTO map_entries (map, field, value) VALUES ('filler', ?, 'x')"),
    conn.prepare("INSERT INTO leases (name, owner, expires_at) VALUES ('filler:' || ?, 'x', 0)"),
  ];
  for (const insert of fillers) {
    for (let i = 0; ; i++) {
      try {
        insert.run(String(i).padStart(8, '0'));
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_FULL') break;
        throw error;
      }
    }
  }
}

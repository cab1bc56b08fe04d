import type { Stores } from '../store/index.js';
import type { PaperReading } from '../votes/board-export.js';

/**
 * What a team read of these papers: each paper's readers (first claim first) and every takeaway on
 * it (oldest first), by the names they went by. Papers nobody reads or wrote about are left out.
 */
export async function readingLog(
  stores: Stores,
  team: string,
  paperIds: readonly string[],
): Promise<Map<string, PaperReading>> {
  const [readers, takeaways] = await Promise.all([
    stores.claims.readersOfMany(team, paperIds),
    stores.takeaways.ofMany(team, paperIds),
  ]);
  const everyone = [...new Set(readers.flatMap((m) => [...m.keys()]))];
  const names = await stores.claims.readerNames(team, everyone);
  const log = new Map<string, PaperReading>();
  paperIds.forEach((id, i) => {
    const reading = [...readers[i]!].sort((a, b) => a[1] - b[1]).map(([r]) => names.get(r) ?? 'someone');
    const written = (takeaways[i] ?? []).map((t) => ({ name: t.name, text: t.text }));
    if (reading.length || written.length) log.set(id, { readers: reading, takeaways: written });
  });
  return log;
}

/**
 * The chosen chunks' rows, kept by id. A chunk row is never changed in place: an import replaces an
 * item's chunks with new rows, new ids, in one transaction (store.server.ts writes no UPDATE), so a
 * chunk id names the same title, text, price and item texts for as long as it exists, on every
 * instance. A kept row is only ever served for an id a channel has just returned from the database,
 * so a deleted chunk is never served either. Reading the chosen chunks was a chat turn's third
 * statement (≈1.5 ms on the embedded database); shoppers keep asking about the same items.
 *
 * Keyed by shop and id, so a row is only served to the shop it was read for. Rows nobody can reach
 * any more (a re-imported item's old chunks, a deleted shop's) are not looked for: they age out.
 */

/** About this many characters of text are kept, over all shops (≈8 MB); the least recently used go first. */
const MAX_KEPT_CHARS = 4_000_000;

interface Kept<Row> {
  row: Row;
  chars: number;
}

export class ChunkRowsCache<Row extends { text: string; title?: string | null; itemTexts?: string[] }> {
  private readonly kept = new Map<string, Kept<Row>>();
  private chars = 0;

  constructor(private readonly maxChars = MAX_KEPT_CHARS) {}

  /** The rows kept for these ids (refreshed as recently used), and the ids to read. */
  take(shopId: string, ids: string[]): { rows: Map<string, Row>; missing: string[] } {
    const rows = new Map<string, Row>();
    const missing: string[] = [];
    for (const id of ids) {
      const key = keyOf(shopId, id);
      const kept = this.kept.get(key);
      if (!kept) {
        missing.push(id);
        continue;
      }
      this.kept.delete(key);
      this.kept.set(key, kept);
      rows.set(id, kept.row);
    }
    return { rows, missing };
  }

  keep(shopId: string, id: string, row: Row, chars = charsOf(row)): void {
    const key = keyOf(shopId, id);
    if (chars > this.maxChars) return;
    this.drop(key);
    this.kept.set(key, { row, chars });
    this.chars += chars;
    for (const [oldest, kept] of this.kept) {
      if (this.chars <= this.maxChars) break;
      this.kept.delete(oldest);
      this.chars -= kept.chars;
    }
  }

  /** Keeps every row when together they take at most `share` of the budget, else none; says which. */
  keepAll(shopId: string, rows: Map<string, Row>, share: number): boolean {
    const chars = new Map([...rows].map(([id, row]) => [id, charsOf(row)]));
    if ([...chars.values()].reduce((sum, count) => sum + count, 0) > this.maxChars * share) return false;
    for (const [id, row] of rows) this.keep(shopId, id, row, chars.get(id));
    return true;
  }

  get size(): number {
    return this.kept.size;
  }

  private drop(key: string): void {
    const kept = this.kept.get(key);
    if (!kept) return;
    this.kept.delete(key);
    this.chars -= kept.chars;
  }
}

const keyOf = (shopId: string, id: string) => `${shopId}\u0000${id}`;
// A product's item texts are shared by its chunks' rows but counted with each: an upper bound.
const charsOf = (row: { text: string; title?: string | null; itemTexts?: string[] }) =>
  row.text.length + (row.title?.length ?? 0) + (row.itemTexts?.reduce((sum, text) => sum + text.length, 0) ?? 0);

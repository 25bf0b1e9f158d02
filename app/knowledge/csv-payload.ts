import type { ParseResult } from "./payload";

/**
 * A knowledge CSV: the header row names import fields, and a `type` column says what each row is
 * (product, faq, policy, page). `tags` holds several values separated by `|`; `available` is
 * true/false. The result is the JSON import payload, validated afterwards like any other.
 */
const FIELDS: Record<string, readonly string[]> = {
  product: ["id", "name", "description", "price", "currency", "url", "image", "sku", "vendor", "tags", "available"],
  faq: ["id", "question", "answer"],
  policy: ["id", "title", "content", "url"],
  page: ["id", "title", "content", "url"],
};
const LISTS = { product: "products", faq: "faq", policy: "policies", page: "pages" } as const;
const KNOWN = new Set(["type", ...Object.values(FIELDS).flat()]);

export function csvToImportPayload(text: string): ParseResult<Record<string, Record<string, unknown>[]>> {
  const rows = parseCsv(text.replace(/^\uFEFF/, ""));
  const header = rows.shift()?.map((name) => name.trim());
  if (!header || header.length === 0 || header.every((name) => !name)) return { ok: false, status: 422, field: "file", message: "The CSV is empty; its first row must name the fields." };
  const unknown = header.find((name) => !KNOWN.has(name));
  if (unknown !== undefined) return { ok: false, status: 422, field: `column ${unknown || "(empty)"}`, message: `Unknown column "${unknown}". Columns: type, ${[...KNOWN].filter((n) => n !== "type").join(", ")}.` };
  if (!header.includes("type")) return { ok: false, status: 422, field: "column type", message: "The CSV needs a `type` column (product, faq, policy or page)." };
  const payload: Record<string, Record<string, unknown>[]> = { products: [], faq: [], policies: [], pages: [] };
  for (const [index, row] of rows.entries()) {
    if (row.every((cell) => cell.trim() === "")) continue;
    const record = Object.fromEntries(header.map((name, column) => [name, row[column] ?? ""]));
    const type = record.type.trim().toLowerCase();
    if (!(type in LISTS)) return { ok: false, status: 422, field: `row ${index + 2}`, message: `Row ${index + 2}: type must be product, faq, policy or page (got "${record.type}").` };
    const item: Record<string, unknown> = {};
    for (const field of FIELDS[type]) {
      const value = record[field]?.trim();
      if (!value) continue;
      if (field === "tags") item.tags = value.split("|").map((tag) => tag.trim()).filter(Boolean);
      else if (field === "available") item.available = /^(true|yes|1)$/i.test(value);
      else item[field] = value;
    }
    payload[LISTS[type as keyof typeof LISTS]].push(item);
  }
  // Only the sections the file has rows for: a full import replaces the sections a payload names,
  // so a CSV of products must not name (and empty) the shop's FAQ and policies.
  return { ok: true, data: Object.fromEntries(Object.entries(payload).filter(([, items]) => items.length)) };
}

/** RFC 4180: commas, double quotes doubled inside quoted cells, CRLF or LF line ends, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === "") quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

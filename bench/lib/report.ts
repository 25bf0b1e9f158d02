/** Markdown helpers for bench/REPORT.md. */

export function table(headers: string[], rows: (string | number)[][], align?: ("l" | "r")[]): string {
  const alignment = headers.map((_, i) => (align?.[i] ?? (i === 0 ? "l" : "r")) === "r" ? "---:" : ":---");
  const line = (cells: (string | number)[]) => `| ${cells.map((cell) => String(cell).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(headers), `| ${alignment.join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** Fixed decimals; "—" for missing values. */
export function num(value: number | undefined | null, digits = 1): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const ms = (value: number | undefined | null, digits = 1) => (value === undefined || value === null || !Number.isFinite(value) ? "—" : `${num(value, digits)} ms`);

export const int = (value: number | undefined | null) => num(value, 0);

/** "3.2×" — a ratio a / b; "—" when undefined. */
export function ratio(a: number | undefined | null, b: number | undefined | null, digits = 1): string {
  if (a === undefined || a === null || b === undefined || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "—";
  return `${num(a / b, digits)}×`;
}

export function kb(bytes: number | undefined | null, digits = 1): string {
  if (bytes === undefined || bytes === null || !Number.isFinite(bytes)) return "—";
  return `${num(bytes / 1024, digits)} KB`;
}

export function duration(msValue: number): string {
  return msValue >= 60_000 ? `${Math.floor(msValue / 60_000)} min ${Math.round((msValue % 60_000) / 1000)} s` : `${num(msValue / 1000, 1)} s`;
}

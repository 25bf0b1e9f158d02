/**
 * Numeric attributes with units, read from an item's text: weight (g/kg, lb/oz), volume (ml/l),
 * battery capacity (mAh), power (W), temperature (°C). General units, no vertical vocabulary, so
 * "lightest", "biggest" or "most powerful" can sort any catalog. The first mention of each kind
 * counts (descriptions state the item's own figure first; "holds up to 25 kg" comes later).
 */
export type AttributeKind = "weight" | "volume" | "capacity" | "power" | "temperature";
export type NumericAttributes = Partial<Record<AttributeKind, number>>;

// Starts at the first digit of a run: inside a long run of digits it would rescan the rest at every position.
const NUMBER = String.raw`((?<!\d)\d+(?:[.,]\d+)?)`;
const UNITS: Array<[AttributeKind, RegExp, (value: number, unit: string) => number]> = [
  ["weight", new RegExp(String.raw`${NUMBER}\s?(kg|кг|g|г|гр|grams?|грамм\p{L}*|lbs?|oz)(?![\p{L}\d])`, "iu"), (v, u) => (/^(kg|кг)$/i.test(u) ? v * 1000 : /^lb/i.test(u) ? v * 453.6 : /^oz$/i.test(u) ? v * 28.35 : v)],
  ["volume", new RegExp(String.raw`${NUMBER}\s?(ml|мл|l|л|литр\p{L}*|liters?|litres?)(?![\p{L}\d])`, "iu"), (v, u) => (/^(ml|мл)$/i.test(u) ? v : v * 1000)],
  ["capacity", new RegExp(String.raw`${NUMBER}\s?(mah|ма·ч|мач|ма\s?ч)(?![\p{L}\d])`, "iu"), (v) => v],
  ["power", new RegExp(String.raw`${NUMBER}\s?(w|вт|kw|квт)(?![\p{L}\d])`, "iu"), (v, u) => (/^(kw|квт)$/i.test(u) ? v * 1000 : v)],
  ["temperature", new RegExp(String.raw`([−-]?(?<!\d)\d+(?:[.,]\d+)?)\s?°\s?[CС]`, "u"), (v) => v],
];

export function numericAttributes(text: string): NumericAttributes {
  const out: NumericAttributes = {};
  for (const [kind, pattern, toBase] of UNITS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const value = Number(match[1].replace("−", "-").replace(",", "."));
    if (Number.isFinite(value)) out[kind] = toBase(value, match[2] ?? "");
  }
  return out;
}

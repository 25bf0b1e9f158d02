/** Prices as the shopper reads them: "12 990 ₽" in Russian, "$49.99" / "4,500 RUB" in English. */
export function formatPrice(value: number, currency: string | null | undefined, language: "ru" | "en"): string {
  const code = normaliseCurrency(currency);
  const number = numberFormat(language, Number.isInteger(value) ? 0 : 2)
    .format(value)
    // ru-RU groups with a narrow no-break space; a plain space survives every widget and copy-paste.
    .replace(/[\u00A0\u202F]/g, " ");
  if (code === "RUB") return `${number} ₽`;
  if (code === "USD") return `$${number}`;
  if (code === "EUR") return language === "ru" ? `${number} €` : `€${number}`;
  if (code === "GBP") return `£${number}`;
  return code ? `${number} ${code}` : number;
}

export function normaliseCurrency(currency: string | null | undefined): string | undefined {
  const raw = currency?.trim();
  if (!raw) return undefined;
  const upper = raw.toUpperCase();
  if (upper === "₽" || upper.startsWith("РУБ") || upper === "RUR" || upper === "Р.") return "RUB";
  if (upper === "$") return "USD";
  if (upper === "€") return "EUR";
  if (upper === "£") return "GBP";
  return upper;
}

/** "12990", "12 990,00", "4,500", "49.99" -> a number; undefined when it is not one. */
export function parseAmount(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  let s = String(raw).replace(/[\s\u00A0\u202F]/g, "").replace(/[^\d.,]/g, "");
  if (!/\d/.test(s)) return undefined;
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? "," : ".";
    const thousands = decimal === "," ? "." : ",";
    s = s.split(thousands).join("").replace(decimal, ".");
  } else if (lastComma >= 0 || lastDot >= 0) {
    const separator = lastComma >= 0 ? "," : ".";
    const parts = s.split(separator);
    // Exactly three digits after every separator is digit grouping ("4,500", "1.299.000"), not cents.
    const grouping = parts.length > 1 && parts.slice(1).every((part) => part.length === 3);
    s = grouping ? parts.join("") : parts.slice(0, -1).join("") + "." + parts[parts.length - 1];
  }
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

/** Making an Intl.NumberFormat costs more than formatting with it (a chat turn formats dozens of prices): one per kind, kept. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(language: "ru" | "en", fractionDigits: 0 | 2): Intl.NumberFormat {
  const key = `${language}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language === "ru" ? "ru-RU" : "en-US", { minimumFractionDigits: fractionDigits, maximumFractionDigits: 2 });
    numberFormats.set(key, format);
  }
  return format;
}

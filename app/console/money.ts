import { formatPrice, parseAmount } from "~/chat/price-format";

/**
 * A stored price as the console shows it: in the item's currency with the chat's own formatter
 * ("32,990 ₽", "$49.99"), so the merchant reads the amount a shopper is quoted. A value that does
 * not parse as an amount is shown as stored rather than hidden.
 */
export function consolePrice(price: string | null | undefined, currency: string | null | undefined): string {
  if (!price) return "—";
  const amount = parseAmount(price);
  return amount === undefined ? `${price}${currency ? ` ${currency}` : ""}` : formatPrice(amount, currency, "en");
}

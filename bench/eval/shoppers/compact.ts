/**
 * Compact authoring for the shopper-eval stores: one line per product, expanded to the import
 * payload shape (README "API", app/knowledge/payload.ts). A product's price is its lowest
 * variant price and it is available when any variant is, as Shopify and WooCommerce send them.
 */

/** [title, sku suffix, price, available, compareAtPrice?] */
export type VariantRow = [string, string, number, boolean, number?];

export interface StorePayload {
  products: {
    id: string;
    name: string;
    description: string;
    price: string;
    compareAtPrice?: string;
    currency: string;
    url: string;
    sku: string;
    vendor: string;
    tags: string[];
    available: boolean;
    variants: { id: string; title: string; sku: string; price: string; compareAtPrice?: string; available: boolean }[];
  }[];
  faq: { id: string; question: string; answer: string }[];
  policies: { id: string; title: string; content: string; url: string }[];
}

export interface StoreFixture {
  key: string;
  name: string;
  contact: { email: string; phone: string };
  /** The shop's `settings.defaultLanguage` (README "Shop settings"); absent leaves the setting unset, as for the first four stores. */
  defaultLanguage?: "ru" | "en";
  payload: StorePayload;
}

const money = (value: number) => value.toFixed(2);

export function product(
  currency: string,
  vendor: string,
  id: string,
  sku: string,
  name: string,
  tags: string[],
  description: string,
  variants: VariantRow[],
): StorePayload["products"][number] {
  const lowest = variants.reduce((min, row) => (row[2] < min[2] ? row : min), variants[0]);
  const sale = variants.find((row) => row[4] !== undefined);
  return {
    id,
    name,
    description,
    price: money(lowest[2]),
    ...(sale && lowest[4] !== undefined ? { compareAtPrice: money(lowest[4]) } : {}),
    currency,
    url: `/products/${id}`,
    sku,
    vendor,
    tags,
    available: variants.some((row) => row[3]),
    variants: variants.map(([title, suffix, price, available, compareAtPrice], index) => ({
      id: `${id}-${index + 1}`,
      title,
      sku: suffix ? `${sku}-${suffix}` : sku,
      price: money(price),
      ...(compareAtPrice !== undefined ? { compareAtPrice: money(compareAtPrice) } : {}),
      available,
    })),
  };
}

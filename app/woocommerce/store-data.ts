import { z } from "zod";
import { htmlToPlainText } from "~/knowledge/html-to-text";
import {
  MAX_CONTENT_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TAGS,
  MAX_TAG_LENGTH,
  MAX_VARIANTS,
  parseKnowledgeItem,
  type PolicyInput,
  type ProductInput,
} from "~/knowledge/payload";

/**
 * What the WooCommerce REST API (and its webhooks, which carry the same product JSON) send us, read
 * leniently: only the fields the connector uses, every one optional but the id. Then the mapping to
 * the knowledge import payload.
 */

const looseText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? "" : String(value)));
const named = z.array(z.object({ name: looseText }).passthrough()).nullish().transform((value) => value ?? []);
const imageRef = z.object({ src: looseText }).passthrough();

export const wooProductSchema = z
  .object({
    id: z.number().int().positive(),
    name: looseText,
    type: looseText,
    status: looseText,
    /** visible | catalog | search | hidden (products only; variations have none). */
    catalog_visibility: looseText,
    /**
     * Not in WooCommerce's own REST schema: the Palompy plugin adds it to the store's product
     * responses (and so to webhook payloads, which WooCommerce builds with the same controller).
     */
    password_protected: z.boolean().nullish(),
    parent_id: z.number().int().nonnegative().nullish(),
    permalink: looseText,
    date_modified_gmt: looseText,
    description: looseText,
    short_description: looseText,
    sku: looseText,
    price: looseText,
    regular_price: looseText,
    sale_price: looseText,
    on_sale: z.boolean().nullish(),
    stock_status: looseText,
    categories: named,
    tags: named,
    images: z.array(imageRef).nullish().transform((value) => value ?? []),
    image: imageRef.nullish(),
    attributes: z
      .array(z.object({ name: looseText, option: looseText }).passthrough())
      .nullish()
      .transform((value) => value ?? []),
    variations: z.array(z.number()).nullish().transform((value) => value ?? []),
  })
  .passthrough();

export type WooProduct = z.output<typeof wooProductSchema>;

/** Catalog visibilities under which the storefront shows a product (in the catalog, in search or both). */
const SHOWN_VISIBILITIES = new Set(["visible", "catalog", "search"]);

/**
 * Whether shoppers can see the product on the storefront: published (not draft, pending, private
 * or trashed), not "Hidden" in the catalog, and not behind a password. Only such products may
 * reach the assistant's answers; an absent visibility (an older payload) counts as visible.
 */
export function isOnStorefront(product: Pick<WooProduct, "status" | "catalog_visibility" | "password_protected">): boolean {
  if (product.status !== "publish") return false;
  if (product.catalog_visibility && !SHOWN_VISIBILITIES.has(product.catalog_visibility)) return false;
  return product.password_protected !== true;
}

/** Parses one product; null for anything that is not one (e.g. the error object of a deleted product). */
export function readWooProduct(json: unknown): WooProduct | null {
  const parsed = wooProductSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function readWooProducts(json: unknown): WooProduct[] {
  return Array.isArray(json) ? json.map(readWooProduct).filter((product): product is WooProduct => product !== null) : [];
}

/** In stock or on backorder can be bought; WooCommerce's third state is "outofstock". */
function isAvailable(stockStatus: string): boolean | undefined {
  if (!stockStatus) return undefined;
  return stockStatus !== "outofstock";
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

function saleNote(product: WooProduct, currency: string | undefined): string {
  if (!product.on_sale || !product.sale_price || !product.regular_price) return "";
  const unit = currency ? ` ${currency}` : "";
  return `<p>On sale: ${product.sale_price}${unit} instead of ${product.regular_price}${unit}.</p>`;
}

/** The regular price of a product or variation on sale: what the chat calls the price before the sale. */
function saleRegularPrice(product: WooProduct): string | undefined {
  return product.on_sale && product.sale_price && product.regular_price ? product.regular_price : undefined;
}

function variantTitle(variation: WooProduct): string {
  const options = variation.attributes.map((attribute) => (attribute.name ? `${attribute.name}: ${attribute.option}` : attribute.option)).filter(Boolean);
  return clip(options.join(", ") || variation.name || `#${variation.id}`, MAX_NAME_LENGTH);
}

/**
 * One store product (with its variations when it is variable) as the import payload's product.
 * Over-long fields are clipped rather than refused: a merchant's 30,000-character description must
 * not keep the product out of the assistant's knowledge. Returns null when even that is invalid.
 */
export function toProductInput(product: WooProduct, variations: WooProduct[], currency: string | undefined): ProductInput | null {
  const description = clip((product.description || product.short_description) + saleNote(product, currency), MAX_DESCRIPTION_LENGTH);
  const tags = [...product.categories, ...product.tags]
    .map((term) => clip(htmlToPlainText(term.name).trim(), MAX_TAG_LENGTH))
    .filter(Boolean);
  const candidate = {
    id: String(product.id),
    name: clip(htmlToPlainText(product.name).trim() || `#${product.id}`, MAX_NAME_LENGTH),
    description,
    price: product.price || undefined,
    compareAtPrice: saleRegularPrice(product),
    currency,
    url: product.permalink || undefined,
    image: product.images[0]?.src || product.image?.src || undefined,
    sku: product.sku || undefined,
    tags: [...new Set(tags)].slice(0, MAX_TAGS),
    available: isAvailable(product.stock_status),
    variants: variations
      .filter((variation) => !variation.status || variation.status === "publish")
      .slice(0, MAX_VARIANTS)
      .map((variation) => ({
        id: String(variation.id),
        title: variantTitle(variation),
        sku: variation.sku || undefined,
        price: variation.price || undefined,
        compareAtPrice: saleRegularPrice(variation),
        available: isAvailable(variation.stock_status),
      })),
  };
  const parsed = parseKnowledgeItem("product", candidate);
  return parsed.ok && parsed.data.type === "product" ? parsed.data.data : null;
}

const wpPageSchema = z
  .object({
    id: z.number().int().positive(),
    slug: looseText,
    link: looseText,
    title: z.object({ rendered: looseText }).passthrough().nullish(),
    content: z.object({ rendered: looseText }).passthrough().nullish(),
  })
  .passthrough();

export type WpPage = z.output<typeof wpPageSchema>;

export function readWpPages(json: unknown): WpPage[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((item) => {
    const parsed = wpPageSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Refund/returns, shipping/delivery and privacy pages, by slug or title, in English or Russian. */
const POLICY_PAGE = /refund|return|shipping|delivery|privacy|возврат|доставк|конфиденциальн/i;

export const POLICY_ID_PREFIX = "wp-page-";

export function isPolicyPage(page: WpPage): boolean {
  return POLICY_PAGE.test(page.slug) || POLICY_PAGE.test(page.title?.rendered ?? "");
}

export function toPolicyInput(page: WpPage): PolicyInput | null {
  const parsed = parseKnowledgeItem("policy", {
    id: `${POLICY_ID_PREFIX}${page.id}`,
    title: clip(htmlToPlainText(page.title?.rendered ?? "").trim() || page.slug, MAX_NAME_LENGTH),
    content: clip(page.content?.rendered ?? "", MAX_CONTENT_LENGTH),
    url: page.link || undefined,
  });
  return parsed.ok && parsed.data.type === "policy" ? parsed.data.data : null;
}

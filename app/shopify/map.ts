import { MAX_TAG_LENGTH, MAX_TAGS, MAX_VARIANTS, parseKnowledgeItem, type PageInput, type PolicyInput, type ProductInput } from "~/knowledge/payload";

/** A product as the Admin API documents return it (paged, by id, or rebuilt from bulk JSONL). */
export interface ShopifyProductNode {
  id: string;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: string;
  onlineStoreUrl: string | null;
  updatedAt: string;
  featuredMedia?: { preview?: { image?: { url: string } | null } | null } | null;
  priceRangeV2?: { minVariantPrice: { amount: string; currencyCode: string } };
  variants: ShopifyVariantNode[];
}

export interface ShopifyVariantNode {
  id: string;
  title: string;
  sku: string | null;
  price: string;
  /** The price before a sale; null when the variant is not on sale. */
  compareAtPrice?: string | null;
  availableForSale: boolean;
  inventoryQuantity?: number | null;
}

export interface ShopifyPageNode {
  id: string;
  handle: string;
  title: string;
  body: string;
  isPublished: boolean;
  updatedAt: string;
}

export interface ShopifyPolicyNode {
  id: string;
  type: string;
  title: string;
  body: string;
  url: string;
  updatedAt: string;
}

export type Mapped<T> = { ok: true; item: T } | { ok: false; skip: "not_on_sale" } | { ok: false; skip: "invalid"; message: string };

/**
 * Only what a shopper can buy on the storefront counts: an ACTIVE product published to the Online
 * Store (Shopify gives it an onlineStoreUrl). Anything else is removed from the assistant.
 */
export function productFromShopify(node: ShopifyProductNode, currency: string | undefined): Mapped<ProductInput> {
  if (node.status !== "ACTIVE" || !node.onlineStoreUrl) return { ok: false, skip: "not_on_sale" };
  // The knowledge item keeps up to 100 variants (Shopify allows 2,048): the ones on sale first,
  // and availability is decided over all of them.
  const variants = node.variants.length > MAX_VARIANTS ? [...node.variants].sort((a, b) => Number(b.availableForSale) - Number(a.availableForSale)).slice(0, MAX_VARIANTS) : node.variants;
  const tags = [...node.tags, node.productType]
    .map((tag) => tag.trim().slice(0, MAX_TAG_LENGTH))
    .filter((tag, index, all) => tag !== "" && all.indexOf(tag) === index)
    .slice(0, MAX_TAGS);
  const single = variants.length === 1;
  const parsed = parseKnowledgeItem("product", {
    id: node.id,
    name: node.title,
    description: node.descriptionHtml,
    price: node.priceRangeV2?.minVariantPrice.amount ?? variants[0]?.price,
    currency: node.priceRangeV2?.minVariantPrice.currencyCode ?? currency,
    url: node.onlineStoreUrl,
    image: node.featuredMedia?.preview?.image?.url,
    sku: single ? variants[0].sku : undefined,
    vendor: node.vendor,
    tags,
    available: node.variants.some((variant) => variant.availableForSale),
    // Ids stay Shopify GIDs: add-to-cart takes the variant's number from them.
    variants: variants.map((variant) => ({
      id: variant.id,
      title: single && variant.title === "Default Title" ? undefined : variant.title,
      sku: variant.sku,
      price: variant.price,
      compareAtPrice: variant.compareAtPrice,
      available: variant.availableForSale,
    })),
  });
  if (!parsed.ok) return { ok: false, skip: "invalid", message: parsed.message };
  return { ok: true, item: parsed.data.data as ProductInput };
}

export function pageFromShopify(node: ShopifyPageNode, storefrontUrl: string): Mapped<PageInput> {
  if (!node.isPublished) return { ok: false, skip: "not_on_sale" };
  const parsed = parseKnowledgeItem("page", { id: node.id, title: node.title, content: node.body, url: `${storefrontUrl}/pages/${node.handle}` });
  return parsed.ok ? { ok: true, item: parsed.data.data as PageInput } : { ok: false, skip: "invalid", message: parsed.message };
}

export function policyFromShopify(node: ShopifyPolicyNode): Mapped<PolicyInput> {
  if (node.body.trim() === "") return { ok: false, skip: "not_on_sale" };
  const parsed = parseKnowledgeItem("policy", { id: node.id, title: node.title, content: node.body, url: node.url });
  return parsed.ok ? { ok: true, item: parsed.data.data as PolicyInput } : { ok: false, skip: "invalid", message: parsed.message };
}

/** The id of the page holding the store's contact details (stable, so a resync replaces it). */
export const CONTACT_PAGE_ID = "shopify-contact";

export function contactPage(shop: { name: string; contactEmail: string; primaryDomain: { url: string } }): PageInput {
  return {
    id: CONTACT_PAGE_ID,
    title: `Contact ${shop.name}`,
    content: [`Store: ${shop.name}`, shop.contactEmail ? `Email: ${shop.contactEmail}` : "", `Website: ${shop.primaryDomain.url}`].filter(Boolean).join("\n"),
    url: shop.primaryDomain.url,
  };
}

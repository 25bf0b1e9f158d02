import fs from "node:fs";
import path from "node:path";
import type { FakePage, FakeProduct, FakeShopDetails } from "./fake-shopify-admin";
import { shopifyDataDir } from "./shared-data";

/**
 * Catalogs for the fake Admin API, built from the real bulk capture in
 * ../shared/data/shopify/bulk/ (its products and variants are the templates: vendor, type, handle
 * and SKU patterns, prices as strings, inventory policy), scaled to any size.
 */

interface CapturedLine {
  __typename: "Product" | "ProductVariant";
  id: string;
  title: string;
  handle?: string;
  vendor?: string;
  productType?: string;
  status?: string;
  tags?: string[];
  sku?: string;
  price?: string;
  inventoryPolicy?: "DENY" | "CONTINUE";
  __parentId?: string;
}

export function capturedBulkLines(): CapturedLine[] {
  const file = path.join(shopifyDataDir, "bulk/products-variants.real-capture-2025-11.jsonl");
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CapturedLine);
}

export const SHOP_DOMAIN = "palompy-test.myshopify.com";

export function fakeShopDetails(domain = SHOP_DOMAIN): FakeShopDetails {
  return {
    name: "Agrosel Seeds",
    myshopifyDomain: domain,
    currencyCode: "EUR",
    contactEmail: "hello@agrosel.example",
    primaryDomain: { url: "https://agrosel.example", host: "agrosel.example" },
    shopPolicies: [
      { id: "gid://shopify/ShopPolicy/1", type: "REFUND_POLICY", title: "Refund policy", body: "<p>Returns are accepted within <b>30 days</b> of delivery.</p>", url: "https://agrosel.example/policies/refund-policy", updatedAt: "2026-01-01T00:00:00Z" },
      { id: "gid://shopify/ShopPolicy/2", type: "SHIPPING_POLICY", title: "Shipping policy", body: "<p>We ship seeds across the EU in 3-5 business days.</p>", url: "https://agrosel.example/policies/shipping-policy", updatedAt: "2026-01-01T00:00:00Z" },
    ],
  };
}

export function fakePages(): FakePage[] {
  return [
    { id: "gid://shopify/Page/1", handle: "about", title: "About us", body: "<p>Family seed growers since 1998, organic certified.</p>", isPublished: true, updatedAt: "2026-01-02T00:00:00Z" },
    { id: "gid://shopify/Page/2", handle: "draft", title: "Unpublished draft", body: "<p>Not yet.</p>", isPublished: false, updatedAt: "2026-01-02T00:00:00Z" },
  ];
}

const PLANTS = ["radish", "pansy", "tomato", "basil", "carrot", "lettuce", "cucumber", "pepper", "onion", "spinach", "zucchini", "marigold"];
const KINDS = ["organic seeds", "heirloom seeds", "seed mix", "seedling pack"];
const PRODUCT_ID_BASE = 10_816_239_400_000;
const VARIANT_ID_BASE = 52_697_833_700_000;
const INVENTORY_ID_BASE = 54_685_454_000_000;

export function generateCatalog(count: number, variantsPerProduct = 2): FakeProduct[] {
  // Ids stay what they always were up to 10 variants a product; Shopify allows 2,048.
  const stride = variantsPerProduct <= 10 ? 10 : 4_096;
  const lines = capturedBulkLines();
  const productTemplates = lines.filter((line) => line.__typename === "Product");
  const variantTemplates = lines.filter((line) => line.__typename === "ProductVariant");
  return Array.from({ length: count }, (_, index) => {
    const product = productTemplates[index % productTemplates.length];
    const variant = variantTemplates[index % variantTemplates.length];
    const plant = PLANTS[index % PLANTS.length];
    const kind = KINDS[Math.floor(index / PLANTS.length) % KINDS.length];
    const id = PRODUCT_ID_BASE + index;
    const basePrice = Number(variant.price ?? "5") + (index % 17);
    return {
      id: `gid://shopify/Product/${id}`,
      title: `${capitalise(plant)} ${kind} no. ${index + 1}`,
      handle: `${plant}-${kind.replace(/\s+/g, "-")}-${index + 1}`,
      descriptionHtml: `<p>${capitalise(kind)} of ${plant}, grown by ${product.vendor}. Sow in spring.</p>`,
      vendor: product.vendor ?? "agrosel",
      productType: product.productType ?? "seeds",
      tags: [plant, kind.split(" ")[0]],
      status: "ACTIVE",
      published: true,
      updatedAt: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
      imageUrl: `https://cdn.shopify.example/files/${plant}-${index + 1}.jpg`,
      variants: Array.from({ length: variantsPerProduct }, (_v, position) => ({
        id: `gid://shopify/ProductVariant/${VARIANT_ID_BASE + index * stride + position}`,
        title: variantsPerProduct === 1 ? (variant.title ?? "Default Title") : `${(position + 1) * 5} g`,
        sku: `${variant.sku ?? "sku"}-${index + 1}-${position + 1}`,
        price: (basePrice + position * 2).toFixed(2),
        inventoryQuantity: 10 + position,
        inventoryItemId: `gid://shopify/InventoryItem/${INVENTORY_ID_BASE + index * stride + position}`,
        inventoryPolicy: variant.inventoryPolicy ?? "DENY",
      })),
    };
  });
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Every GraphQL document Palompy sends to the Shopify Admin API (version 2026-10), in one place so
 * one test can validate them all against the schema (test/shopify/documents.test.ts).
 *
 * Shopify refuses any single query whose requested cost is above 1,000 points (MAX_COST_EXCEEDED),
 * computed before it runs from the page sizes asked for: an object costs 1, a connection 2 plus
 * `first` × its node's cost, a mutation 10, scalars nothing. The sizes below keep every document
 * under it at the variables the app sends; test/shopify/query-cost.test.ts lists each one's cost.
 */

export const ADMIN_API_VERSION = "2026-10";

/** The product fields the assistant needs; shared by paged queries, single lookups and bulk runs. */
const PRODUCT_FIELDS = /* GraphQL */ `
  id
  title
  handle
  descriptionHtml
  vendor
  productType
  tags
  status
  onlineStoreUrl
  updatedAt
  featuredMedia { preview { image { url } } }
  priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } }
`;

const VARIANT_FIELDS = /* GraphQL */ `
  id
  title
  sku
  price
  compareAtPrice
  availableForSale
  inventoryQuantity
`;

/** Shopify's single query limit. */
export const MAX_QUERY_COST = 1_000;
/** Pages (online store pages) per request: 2 + 100 × 1 = 102 points. */
export const PAGE_SIZE = 100;
/**
 * Products per PRODUCTS_PAGE and the variants each brings along: a product costs 9 points (itself,
 * featured media's preview and image, the price range and its two amounts, its variants
 * connection's 2) plus 1 a variant, so 2 + 50 × (9 + 10) = 952. Most products have fewer than 10
 * variants; the others are completed through PRODUCT_VARIANTS_PAGE.
 */
export const PRODUCTS_PAGE_SIZE = 50;
export const VARIANTS_IN_PRODUCT_PAGE = 10;
/** Variants per PRODUCT_VARIANTS_PAGE (Shopify's largest page): 1 + 2 + 250 = 253 points. */
export const VARIANTS_PAGE_SIZE = 250;
/** Variants PRODUCT_BY_ID asks for at once: 9 + 100 = 109 points; more are paged the same way. */
export const VARIANTS_BY_ID = 100;

export const PRODUCTS_COUNT = /* GraphQL */ `
  query PalompyProductsCount($query: String) {
    productsCount(query: $query, limit: null) { count precision }
  }
`;

export const PRODUCTS_PAGE = /* GraphQL */ `
  query PalompyProductsPage($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query, sortKey: ID) {
      pageInfo { hasNextPage endCursor }
      nodes {
        ${PRODUCT_FIELDS}
        variants(first: ${VARIANTS_IN_PRODUCT_PAGE}) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } }
      }
    }
  }
`;

/** The rest of one product's variants (Shopify allows 2,048), after the ones a page brought. */
export const PRODUCT_VARIANTS_PAGE = /* GraphQL */ `
  query PalompyProductVariants($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      variants(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } }
    }
  }
`;

/** Ids and timestamps only: what reconciliation compares with what is stored. */
export const PRODUCT_STAMPS_PAGE = /* GraphQL */ `
  query PalompyProductStamps($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query, sortKey: ID) {
      pageInfo { hasNextPage endCursor }
      nodes { id updatedAt status onlineStoreUrl }
    }
  }
`;

export const PRODUCT_BY_ID = /* GraphQL */ `
  query PalompyProduct($id: ID!) {
    product(id: $id) {
      ${PRODUCT_FIELDS}
      variants(first: ${VARIANTS_BY_ID}) { pageInfo { hasNextPage endCursor } nodes { ${VARIANT_FIELDS} } }
    }
  }
`;

/**
 * The bulk query (no arguments but filters; connections need no `first`). Its JSONL has one line
 * per product and one per variant, the variant carrying `__parentId`.
 */
export const PRODUCTS_BULK_QUERY = /* GraphQL */ `
  {
    products(query: "status:active") {
      edges {
        node {
          ${PRODUCT_FIELDS}
          variants { edges { node { ${VARIANT_FIELDS} } } }
        }
      }
    }
  }
`;

export const BULK_OPERATION_RUN_QUERY = /* GraphQL */ `
  mutation PalompyBulkRun($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

/** Polled by id: `currentBulkOperation` is deprecated in 2026-10. */
export const BULK_OPERATION_BY_ID = /* GraphQL */ `
  query PalompyBulkOperation($id: ID!) {
    bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount url partialDataUrl }
  }
`;

export const PAGES_PAGE = /* GraphQL */ `
  query PalompyPages($first: Int!, $after: String) {
    pages(first: $first, after: $after, query: "published_status:published") {
      pageInfo { hasNextPage endCursor }
      nodes { id handle title body isPublished updatedAt }
    }
  }
`;

export const SHOP_DETAILS = /* GraphQL */ `
  query PalompyShop {
    shop {
      name
      myshopifyDomain
      currencyCode
      contactEmail
      primaryDomain { url host }
      shopPolicies { id type title body url updatedAt }
    }
  }
`;

export const CURRENT_APP_INSTALLATION = /* GraphQL */ `
  query PalompyAppInstallation {
    currentAppInstallation { id }
  }
`;

export const METAFIELDS_SET = /* GraphQL */ `
  mutation PalompyMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { namespace key value }
      userErrors { field message code }
    }
  }
`;

// The web pixel (extensions/palompy-pixel), activated on install: `settings` is the JSON string
// of the fields its shopify.extension.toml declares. One pixel per app and shop; `webPixel` without
// an id answers the app's own.
export const WEB_PIXEL_CREATE = /* GraphQL */ `
  mutation PalompyWebPixelCreate($webPixel: WebPixelInput!) {
    webPixelCreate(webPixel: $webPixel) {
      webPixel { id settings }
      userErrors { field message code }
    }
  }
`;

export const WEB_PIXEL = /* GraphQL */ `
  query PalompyWebPixel {
    webPixel { id settings }
  }
`;

export const WEB_PIXEL_UPDATE = /* GraphQL */ `
  mutation PalompyWebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {
    webPixelUpdate(id: $id, webPixel: $webPixel) {
      webPixel { id settings }
      userErrors { field message code }
    }
  }
`;

/** inventory_levels/update names an inventory item: its variants lead to the product to refresh. */
export const INVENTORY_ITEM_PRODUCT = /* GraphQL */ `
  query PalompyInventoryItem($id: ID!) {
    inventoryItem(id: $id) {
      id
      variants(first: 5) { nodes { id product { id } } }
    }
  }
`;

// Order status in the chat (optional read_orders scope). Only what the shopper may be told is
// asked for: the email is read to compare, never shown; no address, line items or names.
export const ORDER_BY_NAME = /* GraphQL */ `
  query PalompyOrderByName($query: String!) {
    orders(first: 5, query: $query) {
      nodes {
        name
        email
        cancelledAt
        displayFulfillmentStatus
        displayFinancialStatus
        fulfillments(first: 5) { status trackingInfo(first: 3) { number url company } }
      }
    }
  }
`;

export const ALL_DOCUMENTS = {
  PRODUCTS_COUNT,
  PRODUCTS_PAGE,
  PRODUCT_VARIANTS_PAGE,
  PRODUCT_STAMPS_PAGE,
  PRODUCT_BY_ID,
  PRODUCTS_BULK_QUERY,
  BULK_OPERATION_RUN_QUERY,
  BULK_OPERATION_BY_ID,
  PAGES_PAGE,
  SHOP_DETAILS,
  CURRENT_APP_INSTALLATION,
  METAFIELDS_SET,
  WEB_PIXEL_CREATE,
  WEB_PIXEL,
  WEB_PIXEL_UPDATE,
  INVENTORY_ITEM_PRODUCT,
  ORDER_BY_NAME,
} as const;

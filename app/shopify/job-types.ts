/** The Shopify job kinds and their inputs: jobs.server.ts runs them, webhooks and installs queue them. */

export interface ShopInput {
  shopId: string;
  shopDomain: string;
}
export interface CustomerInput extends ShopInput {
  customerId?: string;
  email: string | null;
  phone: string | null;
}

export type ShopifyJob =
  | { shopId: string; kind: "shopify.sync"; input: ShopInput }
  | { shopId: string; kind: "shopify.reconcile"; input: ShopInput }
  | { shopId: string; kind: "shopify.product.refresh"; input: ShopInput & { productId: string; updatedAt?: string } }
  | { shopId: string; kind: "shopify.product.delete"; input: ShopInput & { productId: string } }
  | { shopId: string; kind: "shopify.inventory.update"; input: ShopInput & { inventoryItemId: string } }
  | { shopId: string; kind: "shopify.customers.redact"; input: CustomerInput }
  | { shopId: string; kind: "shopify.customers.data_request"; input: CustomerInput & { requestId: string } }
  | { shopId: string; kind: "shopify.shop.redact"; input: ShopInput };

export type ShopifyJobKind = ShopifyJob["kind"];

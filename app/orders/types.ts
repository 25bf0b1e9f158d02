/**
 * Order status for the chat, platform-neutral. A lookup answers only what the shopper may see
 * about an order they identify by number AND email: its status, fulfilment and tracking. Nothing
 * else (address, items, names) is ever read into these types, so nothing else can be shown.
 */

export interface OrderQuery {
  orderNumber: string;
  email: string;
}

export interface OrderTracking {
  number: string;
  carrier?: string;
  url?: string;
}

/**
 * `found: false` covers both a wrong number and a wrong email: the two must be indistinguishable,
 * or an unknown number could be told apart from a known one with the wrong email.
 */
export type OrderStatus =
  | { found: false }
  | {
      found: true;
      number: string;
      /** The platform's order or payment status as sent ("processing", "PAID", "cancelled"). */
      status: string;
      /** Shopify's fulfilment status ("FULFILLED", "IN_PROGRESS"); WooCommerce folds it into status. */
      fulfilment?: string;
      tracking: OrderTracking[];
    };

/** One way of finding an order for one shop (bound to that shop when created). */
export interface OrderLookup {
  platform: "shopify" | "woocommerce";
  find(query: OrderQuery): Promise<OrderStatus>;
}

/**
 * What a shop's chat can do about "where is my order": look it up, or only point the shopper to
 * the store's own order status page (when known) and its contacts.
 */
export type OrderLookupAccess = { available: true; lookup: OrderLookup; statusPageUrl?: string } | { available: false; statusPageUrl?: string };

/** "#1001", " 1001 " and "1001" are the same order number; anything but letters, digits and dashes is not one. */
export function normaliseOrderNumber(value: string): string | undefined {
  const number = value.trim().replace(/^#/, "").toUpperCase();
  return /^[A-Z0-9][A-Z0-9-]{0,31}$/.test(number) ? number : undefined;
}

export function sameEmail(a: string | null | undefined, b: string): boolean {
  const left = (a ?? "").trim().toLowerCase();
  return left !== "" && left === b.trim().toLowerCase();
}

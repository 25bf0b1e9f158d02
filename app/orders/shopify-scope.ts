/**
 * The Shopify scope that order status in the chat needs. It is optional (shopify.app.toml
 * `optional_scopes`): the embedded Home asks for it, the server checks for it.
 */
export const ORDER_SCOPE = "read_orders";

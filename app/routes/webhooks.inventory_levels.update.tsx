import type { ActionFunctionArgs } from "@remix-run/node";
import { shopifyWebhookAction } from "~/shopify/webhook-route.server";

/** Shopify webhook inventory_levels/update (declared in shopify.app.toml; HMAC-checked, idempotent by event id). */
export const action = ({ request }: ActionFunctionArgs) => shopifyWebhookAction(request, "inventory_levels/update");

import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { adminRoute } from "~/http/admin-route.server";
import { readValidatedJson } from "~/http/body";
import { HttpError, jsonResponse } from "~/http/errors";
import { issueShopApiKey } from "~/shops/api-keys.server";
import { createShop, findShopByDomain } from "~/shops/shops.server";

/** What the route guard (app/http/route-guard.ts) lets through; other methods get 405 with Allow. */
export const allowedMethods = ["POST"];

const createShopSchema = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  platform: z.enum(["standalone", "shopify", "woocommerce"]).optional(),
  domain: z.string().trim().toLowerCase().min(3).max(255).optional(),
});

/** Operator only: creates a shop and returns its secret API key, shown this once. */
export async function action(args: ActionFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    if (args.request.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST to create a shop.");
    const input = await readValidatedJson(args.request, createShopSchema, 16 * 1024);
    if (input.domain && (await findShopByDomain(db.prisma, input.platform ?? "standalone", input.domain))) {
      throw new HttpError(409, "domain_taken", `A shop with domain ${input.domain} already exists.`, "domain");
    }
    const shop = await createShop(db.prisma, input);
    const apiKey = await issueShopApiKey(db.prisma, shop.id);
    return jsonResponse({ id: shop.id, publicKey: shop.publicKey, name: shop.name, platform: shop.platform, apiKey }, { status: 201 });
  });
}

export async function loader() {
  return jsonResponse({ error: { code: "method_not_allowed", message: "Use POST to create a shop." } }, { status: 405 });
}

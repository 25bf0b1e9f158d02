import type { LoaderFunctionArgs } from "@remix-run/node";
import { conversationListQuerySchema, listConversations } from "~/conversations/conversations.server";
import { adminRoute } from "~/http/admin-route.server";
import { requireShopParam } from "~/http/admin-shop.server";
import { parseWith } from "~/http/body";
import { jsonResponse } from "~/http/errors";

/** GET ?page&pageSize&from&to&status&feedback&lead&language → {items, total, page, pageSize}, newest first. */
export async function loader(args: LoaderFunctionArgs) {
  return adminRoute(args, async ({ db }) => {
    const shop = await requireShopParam(db.prisma, args.params.shopId);
    const query = parseWith(conversationListQuerySchema, Object.fromEntries(new URL(args.request.url).searchParams));
    return jsonResponse(await listConversations(db.prisma, shop.id, query));
  });
}

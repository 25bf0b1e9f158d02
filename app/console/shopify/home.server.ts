import type { AppContext } from "~/app-context";
import { shopifyOrderStatusGrant } from "~/orders/grant.server";
import { listCustomerDataRequests } from "~/shopify/compliance.server";
import { shopifyInstallStatus } from "~/shopify/install.server";
import { themeEditorDeepLink } from "./embed";

export interface ShopifyHomeData {
  shopDomain: string;
  publicKey: string;
  deepLink: string;
  sync: { status: string; done: number; total: number | null; error: string | null; finishedAt: string | null };
  counts: { chunks: number; conversations: number; leads: number };
  unanswered: { message: string; createdAt: string }[];
  dataRequests: { id: string; email: string | null; createdAt: string; leads: number; chatTurns: number }[];
  /** Order status in the chat: on once the merchant has granted read_orders. */
  orderStatus: { granted: boolean };
}

export interface ShopifyHomeSources {
  apiKey: string;
  /** The scopes Shopify has granted the app on this shop (the admin session's scopes query). */
  grantedScopes: () => Promise<unknown>;
}

export async function loadShopifyHome(
  app: AppContext,
  shop: { id: string; domain: string; publicKey: string },
  { apiKey, grantedScopes }: ShopifyHomeSources,
): Promise<ShopifyHomeData> {
  const { prisma } = app.db;
  const [installation, chunks, conversations, leads, unanswered, requests, orderGrant] = await Promise.all([
    shopifyInstallStatus(app, shop.id),
    prisma.knowledgeChunk.count({ where: { shopId: shop.id } }),
    prisma.chatLog.groupBy({ by: ["sessionId"], where: { shopId: shop.id } }).then((rows) => rows.length),
    prisma.lead.count({ where: { shopId: shop.id } }),
    prisma.chatLog.findMany({ where: { shopId: shop.id, unanswered: true }, orderBy: { createdAt: "desc" }, take: 10, select: { message: true, createdAt: true } }),
    listCustomerDataRequests(app, shop.id),
    shopifyOrderStatusGrant(app, shop.id, grantedScopes),
  ]);
  return {
    shopDomain: shop.domain,
    publicKey: shop.publicKey,
    deepLink: themeEditorDeepLink(shop.domain, apiKey),
    sync: {
      status: installation?.syncStatus ?? "idle",
      done: installation?.syncDone ?? 0,
      total: installation?.syncTotal ?? null,
      error: installation?.syncError ?? null,
      finishedAt: installation?.syncFinishedAt?.toISOString() ?? null,
    },
    counts: { chunks, conversations, leads },
    unanswered: unanswered.map((row) => ({ message: row.message, createdAt: row.createdAt.toISOString() })),
    dataRequests: requests.map((request) => {
      const report = request.report as { leads?: unknown[]; chat?: unknown[] };
      return { id: request.id, email: request.email, createdAt: request.createdAt.toISOString(), leads: report.leads?.length ?? 0, chatTurns: report.chat?.length ?? 0 };
    }),
    orderStatus: { granted: orderGrant.granted },
  };
}

import type { AppContext } from "~/app-context";
import { rawQuery } from "~/db/raw-sql.server";
import { Prisma, type Shop } from "~/generated/prisma/client";
import { LOCAL_EMBEDDER_MODEL } from "~/knowledge/embedders/local";
import { retrieve, retrieveAll } from "~/knowledge/retrieve.server";
import { consumeRateLimits } from "~/http/rate-limit.server";
import { orderLookupAccess } from "~/orders/access.server";
import { storefrontOriginsSql } from "~/shops/shops.server";

import type { ChatDependencies } from "./answer.server";
import { withinModelBudget } from "./model-budget.server";
import { createOpenAIChatProvider } from "./providers/openai.server";
import type { ChatModelProvider } from "./providers/types";

// Calibrated on the demo catalogue: the hash embedder's cosine for an on-topic question is ~0.25+,
// unrelated questions stay under ~0.15. OpenAI's text-embedding-3 models sit higher overall.
const DEFAULT_THRESHOLD_LOCAL = 0.15;
const DEFAULT_THRESHOLD_MODEL = 0.3;

let cachedProvider: { key: string; provider: ChatModelProvider } | undefined;

/**
 * The chat's dependencies from the process context: retrieval for the shop, and a model when
 * configured. What the caller read of the shop already is not read again: its platform and domain
 * (the order lookup's), its storefront origins.
 */
export function chatDependencies(app: AppContext, shop: KnownShop): ChatDependencies {
  const { openai, chat } = app.config;
  const { id: shopId, storefrontOrigins: knownOrigins } = shop;
  const knownPlatform = shop.platform !== undefined && shop.domain !== undefined ? { platform: shop.platform, domain: shop.domain } : undefined;
  return {
    prisma: app.db.prisma,
    retrieve: (query, options) => retrieve(app.db.prisma, app.embedder, shopId, query, options),
    retrieveAll: (requests) => retrieveAll(app.db.prisma, app.embedder, shopId, requests),
    provider: openai.apiKey ? providerFor(openai) : undefined,
    similarityThreshold: chat.answerThreshold ?? (app.embedder.modelId === LOCAL_EMBEDDER_MODEL ? DEFAULT_THRESHOLD_LOCAL : DEFAULT_THRESHOLD_MODEL),
    contextTokenBudget: chat.contextTokenBudget,
    conversationIdleHours: chat.conversationIdleHours,
    allowModelCall: () => withinModelBudget(app.db.prisma, shopId, chat.modelCallsPerShopDay),
    storefrontOrigins: knownOrigins ? async () => knownOrigins : () => storefrontOrigins(app, shopId),
    orderStatus: {
      // Bound to this shop: the chat of one shop has no way to name another shop's orders.
      access: () => orderLookupAccess(app, shopId, knownPlatform),
      allowLookup: async (sessionId) => {
        const { windowMs, orderLookupsPerSession, orderLookupsPerShop } = app.config.rateLimits;
        const verdict = await consumeRateLimits(app.db.prisma, [
          { key: `chat:order-lookup:session:${shopId}:${sessionId}`, limit: orderLookupsPerSession, windowMs },
          { key: `chat:order-lookup:shop:${shopId}`, limit: orderLookupsPerShop, windowMs },
        ]);
        return verdict.allowed;
      },
    },
  };
}

/** The shop's id, and what else of its row the caller has. */
type KnownShop = { id: string; storefrontOrigins?: string[] } & Partial<Pick<Shop, "platform" | "domain">>;

/** The storefront addresses the shop's platform reports: Shopify's primary domain, the WordPress site. */
async function storefrontOrigins(app: AppContext, shopId: string): Promise<string[]> {
  const [row] = await rawQuery<{ origins: string[] }>(app.db.prisma, Prisma.sql`SELECT ${storefrontOriginsSql(Prisma.sql`${shopId}::uuid`)} AS origins`);
  return row?.origins ?? [];
}

function providerFor(openai: AppContext["config"]["openai"]): ChatModelProvider {
  const key = `${openai.baseURL ?? ""}|${openai.model}|${openai.timeoutMs}`;
  if (cachedProvider?.key !== key) {
    cachedProvider = {
      key,
      provider: createOpenAIChatProvider({ apiKey: openai.apiKey!, baseURL: openai.baseURL, model: openai.model, timeoutMs: openai.timeoutMs }),
    };
  }
  return cachedProvider.provider;
}

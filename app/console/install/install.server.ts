import type { AppContext } from "~/app-context";
import { publicBaseUrl } from "~/http/public-url.server";
import { issueShopApiKey } from "~/shops/api-keys.server";

/** The storefront snippet for this shop, and what each platform needs. */
export async function loadInstall(app: AppContext, shop: { id: string; publicKey: string; platform: string; domain: string | null; apiKeyRotatedAt: Date | null }, request: Request) {
  const base = publicBaseUrl(app.config, request);
  return {
    apiBase: base,
    platform: shop.platform,
    domain: shop.domain,
    shopId: shop.id,
    apiKeyRotatedAt: shop.apiKeyRotatedAt?.toISOString() ?? null,
    // One attribute a line: the box wraps between attributes, never inside a URL or a key.
    snippet: `<script src="${base}/widget.js" defer\n  data-shop-id="${shop.publicKey}"\n  data-api-base="${base}"></script>`,
  };
}

/**
 * Rotates the shop's secret API key from the console; the new key is shown once. Every other
 * console session of the shop ends; `keepConsoleSession` is the one that asked.
 */
export async function rotateKeyFromConsole(app: AppContext, shop: { id: string }, keepConsoleSession?: string) {
  return { apiKey: await issueShopApiKey(app.db.prisma, shop.id, { keepConsoleSession }) };
}

export type InstallData = Awaited<ReturnType<typeof loadInstall>>;

import type { AppContext } from "~/app-context";
import { createConsoleLinkToken } from "~/shops/console-links.server";
import { jsonResponse } from "./errors";
import { publicBaseUrl } from "./public-url.server";

/** 201 {url, expiresAt}: a single-use, short-lived link that logs the merchant into the shop's console. */
export function consoleLinkResponse(app: AppContext, request: Request, shopId: string): Response {
  const { token, expiresAt } = createConsoleLinkToken(app.config.secretKey.value, shopId);
  const url = `${publicBaseUrl(app.config, request)}/admin/sso?token=${encodeURIComponent(token)}`;
  return jsonResponse({ url, expiresAt: expiresAt.toISOString() }, { status: 201 });
}

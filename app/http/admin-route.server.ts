import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { authenticateAdmin, authorizeShopAccess, type AdminPrincipal } from "./admin-auth.server";
import { handleErrors } from "./errors";
import { clientIpOf } from "./load-context";
import { enforceRateLimits } from "./rate-limit.server";

/**
 * Every standalone admin endpoint: rate-limited per client address, then the bearer token (the
 * operator's or a shop key), then tenant isolation on the URL's `:shopId` — before any handler
 * runs, so a route added later cannot forget it — then the handler; errors become JSON.
 */
export function adminRoute(
  args: { request: Request; context: AppLoadContext; params?: Record<string, string | undefined> },
  handler: (app: AppContext, principal: AdminPrincipal) => Promise<Response>,
): Promise<Response> {
  return handleErrors(async () => {
    const app = await getAppContext();
    const { rateLimits } = app.config;
    await enforceRateLimits(app.db.prisma, [
      { key: `admin:ip:${clientIpOf(args.context)}`, limit: rateLimits.adminPerIp, windowMs: rateLimits.windowMs },
    ]);
    const principal = await authenticateAdmin(app.db.prisma, args.request, app.config.adminToken);
    authorizeShopAccess(principal, args.params?.shopId);
    return handler(app, principal);
  });
}

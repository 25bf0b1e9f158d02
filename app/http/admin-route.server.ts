import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { authenticateAdmin, authorizeShopAccess, type AdminPrincipal } from "./admin-auth.server";
import { handleErrors, HttpError } from "./errors";
import { clientIpOf } from "./load-context";
import { enforceRateLimits, peekRateLimit, rateLimitedError } from "./rate-limit.server";

/**
 * Every standalone admin endpoint: the bearer token (the operator's or a shop key), then a
 * per-address rate limit, then tenant isolation on the URL's `:shopId` — before any handler runs,
 * so a route added later cannot forget it — then the handler; errors become JSON. Failed
 * authentication is counted in its own per-address bucket (429 once used up), so a token guesser
 * is slowed down without ever locking the real admin out: a valid token is only ever counted
 * against valid requests.
 */
export function adminRoute(
  args: { request: Request; context: AppLoadContext; params?: Record<string, string | undefined> },
  handler: (app: AppContext, principal: AdminPrincipal) => Promise<Response>,
): Promise<Response> {
  return handleErrors(async () => {
    const app = await getAppContext();
    const { rateLimits } = app.config;
    const ip = clientIpOf(args.context);
    const failures = { key: `admin:auth-failures:ip:${ip}`, limit: rateLimits.adminAuthFailuresPerIp, windowMs: rateLimits.windowMs };
    const locked = await peekRateLimit(app.db.prisma, failures);
    if (!locked.allowed) throw rateLimitedError(locked);
    let principal: AdminPrincipal;
    try {
      principal = await authenticateAdmin(app.db.prisma, args.request, app.config.adminToken);
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) await enforceRateLimits(app.db.prisma, [failures]);
      throw error;
    }
    await enforceRateLimits(app.db.prisma, [{ key: `admin:ip:${ip}`, limit: rateLimits.adminPerIp, windowMs: rateLimits.windowMs }]);
    authorizeShopAccess(principal, args.params?.shopId);
    return handler(app, principal);
  });
}

import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { requireAdmin } from "./admin-auth.server";
import { handleErrors } from "./errors";
import { clientIpOf } from "./load-context";
import { enforceRateLimits } from "./rate-limit.server";

/**
 * Every standalone admin endpoint: rate-limited per client address, then the bearer token, then
 * the handler; errors become JSON.
 */
export function adminRoute(
  args: { request: Request; context: AppLoadContext },
  handler: (app: AppContext) => Promise<Response>,
): Promise<Response> {
  return handleErrors(async () => {
    const app = await getAppContext();
    const { rateLimits } = app.config;
    await enforceRateLimits(app.db.prisma, [
      { key: `admin:ip:${clientIpOf(args.context)}`, limit: rateLimits.adminPerIp, windowMs: rateLimits.windowMs },
    ]);
    requireAdmin(args.request, app.config.adminToken);
    return handler(app);
  });
}

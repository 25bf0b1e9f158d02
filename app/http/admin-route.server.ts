import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { requireAdmin } from "./admin-auth.server";
import { handleErrors, HttpError } from "./errors";
import { clientIpOf } from "./load-context";
import { enforceRateLimits } from "./rate-limit.server";

/**
 * Every standalone admin endpoint: the bearer token, then a per-address rate limit, then the
 * handler; errors become JSON. Failed authentication is counted in its own per-address bucket
 * (429 once used up), so a token guesser is slowed down without ever locking the real admin out:
 * a valid token is only ever counted against valid requests.
 */
export function adminRoute(
  args: { request: Request; context: AppLoadContext },
  handler: (app: AppContext) => Promise<Response>,
): Promise<Response> {
  return handleErrors(async () => {
    const app = await getAppContext();
    const { rateLimits } = app.config;
    const ip = clientIpOf(args.context);
    try {
      requireAdmin(args.request, app.config.adminToken);
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) {
        await enforceRateLimits(app.db.prisma, [
          { key: `admin:auth-failures:ip:${ip}`, limit: rateLimits.adminAuthFailuresPerIp, windowMs: rateLimits.windowMs },
        ]);
      }
      throw error;
    }
    await enforceRateLimits(app.db.prisma, [{ key: `admin:ip:${ip}`, limit: rateLimits.adminPerIp, windowMs: rateLimits.windowMs }]);
    return handler(app);
  });
}

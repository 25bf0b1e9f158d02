import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { findConnectionByToken } from "~/woocommerce/connection.server";
import { HttpError, handleErrors } from "./errors";
import { clientIpOf } from "./load-context";
import { enforceRateLimits, type RateLimitRule } from "./rate-limit.server";

/**
 * The WooCommerce connector's endpoints (plugin API, WooCommerce's auth callback, webhooks):
 * method check, rate limits, and a 503 naming the missing setting when credentials cannot be
 * stored; errors become JSON.
 */
export function wooRoute(
  args: { request: Request; context: AppLoadContext },
  options: { methods: string[]; limits: (app: AppContext, clientIp: string) => RateLimitRule[] },
  handler: (app: AppContext) => Promise<Response>,
): Promise<Response> {
  return handleErrors(async () => {
    if (!options.methods.includes(args.request.method)) {
      throw new HttpError(405, "method_not_allowed", `Use ${options.methods.join(" or ")}.`, undefined, { allow: options.methods.join(", ") });
    }
    const app = await getAppContext();
    await enforceRateLimits(app.db.prisma, options.limits(app, clientIpOf(args.context)));
    if (!app.config.woocommerce.credentialKey) {
      throw new HttpError(503, "woocommerce_disabled", "The WooCommerce connector is disabled: set PALOMPY_SECRET_KEY (at least 32 characters) on the server.");
    }
    return handler(app);
  });
}

export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec((request.headers.get("authorization") ?? "").trim());
  return match?.[1] ?? null;
}

/** Per client address, counted apart from the shopper-facing API. */
export const pluginLimits = (app: AppContext, clientIp: string): RateLimitRule[] => [
  { key: `woo:plugin:ip:${clientIp}`, limit: app.config.woocommerce.pluginPerIp, windowMs: app.config.rateLimits.windowMs },
];

/** The plugin's own endpoints: the plugin token names (and authorizes) the shop. */
export function wooPluginRoute(
  args: { request: Request; context: AppLoadContext },
  methods: string[],
  handler: (app: AppContext, connection: NonNullable<Awaited<ReturnType<typeof findConnectionByToken>>>) => Promise<Response>,
): Promise<Response> {
  return wooRoute(args, { methods, limits: pluginLimits }, async (app) => {
    const connection = await findConnectionByToken(app, bearerToken(args.request) ?? "");
    if (!connection) {
      throw new HttpError(401, "unauthorized", "A valid `Authorization: Bearer <plugin token>` header is required.", "authorization", {
        "www-authenticate": 'Bearer realm="palompy-woocommerce"',
      });
    }
    return handler(app, connection);
  });
}

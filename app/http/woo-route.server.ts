import type { AppLoadContext } from "@remix-run/node";
import { getAppContext, type AppContext } from "~/context.server";
import { findConnectionByToken } from "~/woocommerce/connection.server";
import { findClaimByToken } from "~/woocommerce/ownership.server";
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

type PluginConnection = NonNullable<Awaited<ReturnType<typeof findConnectionByToken>>>;
type PendingClaim = NonNullable<Awaited<ReturnType<typeof findClaimByToken>>>;

const unauthorized = () =>
  new HttpError(401, "unauthorized", "A valid `Authorization: Bearer <plugin token>` header is required.", "authorization", {
    "www-authenticate": 'Bearer realm="palompy-woocommerce"',
  });

/**
 * The plugin's own endpoints: the plugin token names (and authorizes) the shop. The token of a
 * registration that has not proven it is the store yet (a claim) gets 403 `not_proven` here.
 */
export function wooPluginRoute(
  args: { request: Request; context: AppLoadContext },
  methods: string[],
  handler: (app: AppContext, connection: PluginConnection) => Promise<Response>,
): Promise<Response> {
  return wooPluginOrClaimRoute(args, methods, (app, holder) => {
    if ("claim" in holder) {
      throw new HttpError(
        403,
        "not_proven",
        "This registration has not proven it is the store yet: approve Palompy's API keys in WooCommerce (or paste keys) first.",
        "authorization",
      );
    }
    return handler(app, holder.connection);
  });
}

/** Endpoints a claim may use to prove itself and follow its progress (POST /keys, GET /status). */
export function wooPluginOrClaimRoute(
  args: { request: Request; context: AppLoadContext },
  methods: string[],
  handler: (app: AppContext, holder: { connection: PluginConnection } | { claim: PendingClaim }) => Promise<Response>,
): Promise<Response> {
  return wooRoute(args, { methods, limits: pluginLimits }, async (app) => {
    const token = bearerToken(args.request) ?? "";
    const connection = await findConnectionByToken(app, token);
    if (connection) return handler(app, { connection });
    const claim = await findClaimByToken(app, token);
    if (claim) return handler(app, { claim });
    throw unauthorized();
  });
}

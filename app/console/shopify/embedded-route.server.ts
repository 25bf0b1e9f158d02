import type { AppContext } from "~/app-context";
import { getAppContext } from "~/context.server";
import { handleErrors, jsonResponse } from "~/http/errors";
import { requireShopify } from "~/http/shopify-route.server";
import { findShopifyShop } from "~/shops/shops.server";
import { loadPage, pageShop, refusedForm } from "../route.server";
import { CONSOLE_FORM_MAX_BYTES, readLimitedForm, type ConsoleShop } from "../session/session.server";

/**
 * The console pages inside Shopify's admin (/app/*): the same `(app, shop, request)` functions and
 * page components as /admin, but the shop comes from Shopify's session instead of the console cookie.
 */
export interface EmbeddedContext {
  app: AppContext;
  shop: ConsoleShop;
}

/**
 * The Palompy shop of the admin session. authenticate.admin validates Shopify's session token (or
 * sends the browser through Shopify's auth); the shop is looked up by the session's myshopify
 * domain alone, so a store's session can only ever reach its own shop.
 */
export async function requireEmbeddedShop(request: Request): Promise<EmbeddedContext> {
  const shopify = await requireShopify();
  const { session } = await shopify.authenticate.admin(request);
  const app = await getAppContext();
  const shop = await findShopifyShop(app.db.prisma, session.shop);
  if (!shop) {
    throw jsonResponse({ message: "This store has no Palompy shop yet: open the app's Home to finish the installation." }, { status: 404 });
  }
  return { app, shop };
}

/**
 * An embedded page's loader. `csrfToken` is empty: the pages' forms post it, but inside Shopify's
 * admin every request carries the session token, which authenticate.admin verifies instead.
 */
export async function embeddedLoader<T>(request: Request, load: (context: EmbeddedContext) => Promise<T>) {
  const context = await requireEmbeddedShop(request);
  const loaded = await loadPage(() => load(context));
  return { ...loaded, shop: pageShop(context.shop), csrfToken: "" };
}

/**
 * An embedded form's action. No cookie CSRF check: the console cookie is not used here, and the
 * session token (in the Authorization header App Bridge adds) cannot be sent by another site.
 */
export async function embeddedAction<T>(request: Request, act: (context: EmbeddedContext & { form: FormData }) => Promise<T>, maxBytes = CONSOLE_FORM_MAX_BYTES) {
  const context = await requireEmbeddedShop(request);
  try {
    return await act({ ...context, form: await readLimitedForm(request, maxBytes) });
  } catch (error) {
    return refusedForm(error);
  }
}

/** An embedded download (CSV), fetched by the page with the session token. */
export async function embeddedResource(request: Request, respond: (context: EmbeddedContext) => Response | Promise<Response>) {
  const context = await requireEmbeddedShop(request);
  return handleErrors(async () => respond(context));
}

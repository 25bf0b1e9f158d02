import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { isOperatorToken } from "~/http/admin-auth.server";
import { HttpError } from "~/http/errors";
import { clientIpOf } from "~/http/load-context";
import { enforceRateLimits } from "~/http/rate-limit.server";
import { findShopByApiKey } from "~/shops/api-keys.server";
import { peekConsoleLink, redeemConsoleLink } from "~/shops/console-links.server";
import { findShopById } from "~/shops/shops.server";
import { refusedForm } from "../route.server";
import { consoleLoginOf, destroyConsoleSession, getConsoleSession, readLimitedForm, startConsoleSession, verifyCsrf } from "./session.server";

const SHOP_PICK_LIMIT = 200;

/** The login page: a key form, or (operator logged in) the list of shops to open, filtered by name. */
export async function loginLoader(request: Request) {
  const app = await getAppContext();
  const session = await getConsoleSession(app, request);
  const url = new URL(request.url);
  if (url.searchParams.has("pick") && (await consoleLoginOf(app, session))?.operator) {
    const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
    const shops = await app.db.prisma.shop.findMany({
      where: q ? { name: { contains: q, mode: "insensitive" } } : {},
      select: { id: true, name: true, platform: true, domain: true },
      orderBy: { createdAt: "desc" },
      take: SHOP_PICK_LIMIT,
    });
    return { mode: "pick" as const, shops, q };
  }
  return { mode: "key" as const, shops: [], q: "" };
}

/** Logs in with a shop key (that shop) or the operator token (then pick a shop); the picked shop for the operator. */
export async function loginAction(request: Request, context: AppLoadContext) {
  const app = await getAppContext();
  try {
    const { rateLimits } = app.config;
    // Key guessing is slowed per client address like the admin API.
    await enforceRateLimits(app.db.prisma, [{ key: `console-login:ip:${clientIpOf(context)}`, limit: rateLimits.adminPerIp, windowMs: rateLimits.windowMs }]);
    const session = await getConsoleSession(app, request);
    const form = await readLimitedForm(request, 8 * 1024);
    verifyCsrf(session, form);
    if (form.get("intent") === "pick") {
      if (!(await consoleLoginOf(app, session))?.operator) throw new HttpError(403, "operator_only", "Only the operator can open another shop.", "shopId");
      const shop = await findShopById(app.db.prisma, String(form.get("shopId") ?? ""));
      if (!shop) throw new HttpError(404, "shop_not_found", "No such shop.", "shopId");
      return redirect("/admin", { headers: { "set-cookie": await startConsoleSession(app, request, { operator: true, shopId: shop.id }) } });
    }
    const key = String(form.get("key") ?? "").trim();
    if (!key) throw new HttpError(422, "invalid_field", "Enter your shop's API key.", "key");
    if (isOperatorToken(key, app.config.adminToken)) {
      // With one shop there is nothing to choose: open it.
      const shops = await app.db.prisma.shop.findMany({ select: { id: true }, take: 2 });
      const only = shops.length === 1 ? shops[0].id : undefined;
      return redirect(only ? "/admin" : "/admin/login?pick=1", { headers: { "set-cookie": await startConsoleSession(app, request, { operator: true, ...(only ? { shopId: only } : {}) }) } });
    }
    const shop = await findShopByApiKey(app.db.prisma, key);
    if (!shop) throw new HttpError(401, "invalid_key", "That key is not valid. Use the API key you received when the shop was created (or its latest rotation).", "key");
    return redirect("/admin", { headers: { "set-cookie": await startConsoleSession(app, request, { operator: false, shopId: shop.id }) } });
  } catch (error) {
    return refusedForm(error);
  }
}

export async function logoutAction(request: Request) {
  const app = await getAppContext();
  const session = await getConsoleSession(app, request);
  try {
    verifyCsrf(session, await readLimitedForm(request, 4 * 1024));
  } catch (error) {
    return refusedForm(error);
  }
  return redirect("/admin/login", { headers: { "set-cookie": await destroyConsoleSession(app, session) } });
}

const SPENT_LINK = "This login link has expired or was already used. Open the console again from your store's admin.";
const MAX_LINK_TOKEN_CHARS = 1_000;

/**
 * A one-time link from a platform plugin. A browser where nobody (or the link's own shop) is logged
 * in is logged in at once, as the plugin's one click promises. A browser logged in to another shop
 * (or as the operator) is asked first: otherwise anyone could plant a link of their own shop in a
 * page and silently switch a merchant's console to it (login CSRF), and the merchant would then
 * type their data into the attacker's shop. A HEAD (link previews, mail scanners) never spends the link.
 */
export async function ssoLoader(request: Request) {
  const app = await getAppContext();
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const shopId = token.length <= MAX_LINK_TOKEN_CHARS ? await peekConsoleLink(app.db.prisma, app.config.secretKey.value, token) : null;
  const shop = shopId ? await findShopById(app.db.prisma, shopId) : null;
  if (!shop) return data({ mode: "spent" as const, error: SPENT_LINK }, { status: 410 });
  const current = await consoleLoginOf(app, await getConsoleSession(app, request));
  const switching = current !== null && current.shopId !== shop.id;
  if (request.method === "HEAD" || switching) {
    const currentShop = current?.shopId ? await findShopById(app.db.prisma, current.shopId) : null;
    return data({ mode: "confirm" as const, token, shopName: shop.name, currentShopName: currentShop?.name ?? null });
  }
  return logInWithLink(request, token);
}

/** The click on the page ssoLoader shows: the link's token, posted with the session's form token. */
export async function ssoAction(request: Request) {
  const app = await getAppContext();
  try {
    const form = await readLimitedForm(request, 4 * 1024);
    verifyCsrf(await getConsoleSession(app, request), form);
    const token = form.get("token");
    if (typeof token !== "string" || !token || token.length > MAX_LINK_TOKEN_CHARS) throw new HttpError(422, "invalid_field", "token: the login link's token is missing.", "token");
    return await logInWithLink(request, token);
  } catch (error) {
    return refusedForm(error);
  }
}

async function logInWithLink(request: Request, token: string) {
  const app = await getAppContext();
  const shopId = await redeemConsoleLink(app.db.prisma, app.config.secretKey.value, token);
  if (!shopId) return data({ mode: "spent" as const, error: SPENT_LINK }, { status: 410 });
  return redirect("/admin", { headers: { "set-cookie": await startConsoleSession(app, request, { operator: false, shopId }) } });
}

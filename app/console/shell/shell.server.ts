import { data, redirect } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { findShopById } from "~/shops/shops.server";
import { commitConsoleSession, csrfTokenOf, getConsoleSession } from "../session/session.server";

/** Pages reachable without a logged-in shop. */
const OPEN_PATHS = new Set(["/admin/login", "/admin/sso", "/admin/logout"]);

/** The frame's data: the logged-in shop, or a redirect to the login unless the page is one of the open ones. */
export async function consoleShellLoader(request: Request) {
  const app = await getAppContext();
  const session = await getConsoleSession(app, request);
  const shopId = session.get("shopId");
  const shop = shopId ? await findShopById(app.db.prisma, shopId) : null;
  const pathname = new URL(request.url).pathname.replace(/(?<!\/)\/+$/, "");
  if (!shop && !OPEN_PATHS.has(pathname)) throw redirect(session.get("operator") ? "/admin/login?pick=1" : "/admin/login");
  const hadToken = Boolean(session.get("csrf"));
  const csrfToken = csrfTokenOf(session);
  const headers: Record<string, string> = hadToken ? {} : { "set-cookie": await commitConsoleSession(app, session) };
  return data({ shop: shop ? { id: shop.id, name: shop.name } : null, csrfToken, operator: session.get("operator") === true }, { headers });
}

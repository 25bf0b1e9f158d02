import { data, redirect } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { findShopById } from "~/shops/shops.server";
import { commitConsoleSession, consoleLoginOf, csrfTokenOf, getConsoleSession } from "../session/session.server";

/** Pages reachable without a logged-in shop. */
const OPEN_PATHS = new Set(["/admin/login", "/admin/sso", "/admin/logout"]);

/** The frame's data: the logged-in shop, or a redirect to the login unless the page is one of the open ones. */
export async function consoleShellLoader(request: Request) {
  const app = await getAppContext();
  const session = await getConsoleSession(app, request);
  const login = await consoleLoginOf(app, session);
  const shop = login?.shopId ? await findShopById(app.db.prisma, login.shopId) : null;
  const pathname = new URL(request.url).pathname.replace(/(?<!\/)\/+$/, "");
  if (!shop && !OPEN_PATHS.has(pathname)) throw redirect(login?.operator ? "/admin/login?pick=1" : "/admin/login");
  const hadToken = Boolean(session.get("csrf"));
  const csrfToken = csrfTokenOf(session);
  const headers: Record<string, string> = hadToken ? {} : { "set-cookie": await commitConsoleSession(app, session) };
  return data({ shop: shop ? { id: shop.id, name: shop.name } : null, csrfToken, operator: login?.operator === true }, { headers });
}

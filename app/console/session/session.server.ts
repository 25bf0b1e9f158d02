import { randomBytes, timingSafeEqual } from "node:crypto";
import { createCookieSessionStorage, redirect, type Session } from "@remix-run/node";
import type { AppContext } from "~/context.server";
import { HttpError } from "~/http/errors";
import { findShopById } from "~/shops/shops.server";

/** What the console keeps in its cookie: who logged in (a shop key, or the operator) and the form token. */
interface ConsoleSessionData {
  shopId?: string;
  operator?: boolean;
  csrf?: string;
}

export type ConsoleSession = Session<ConsoleSessionData>;
export type ConsoleShop = NonNullable<Awaited<ReturnType<typeof findShopById>>>;

const SESSION_MAX_AGE_S = 12 * 60 * 60;
let storage: { secret: string; value: ReturnType<typeof createStorage> } | undefined;

function createStorage(app: AppContext) {
  return createCookieSessionStorage<ConsoleSessionData>({
    cookie: {
      name: "__palompy_console",
      httpOnly: true,
      // Lax, not Strict: the one-time login link from a platform plugin arrives as a top-level navigation.
      sameSite: "lax",
      // Not "/admin": Remix fetches the console's data from /admin.data, which that path would not match.
      path: "/",
      maxAge: SESSION_MAX_AGE_S,
      secure: (app.config.publicUrl ?? "").startsWith("https://"),
      secrets: [app.config.secretKey.value],
    },
  });
}

function sessionStorage(app: AppContext) {
  if (storage?.secret !== app.config.secretKey.value) storage = { secret: app.config.secretKey.value, value: createStorage(app) };
  return storage.value;
}

export function getConsoleSession(app: AppContext, request: Request): Promise<ConsoleSession> {
  return sessionStorage(app).getSession(request.headers.get("cookie"));
}

export function commitConsoleSession(app: AppContext, session: ConsoleSession): Promise<string> {
  return sessionStorage(app).commitSession(session);
}

export function destroyConsoleSession(app: AppContext, session: ConsoleSession): Promise<string> {
  return sessionStorage(app).destroySession(session);
}

/** The form token of this session, created on first use; every console form posts it back. */
export function csrfTokenOf(session: ConsoleSession): string {
  let token = session.get("csrf");
  if (!token) {
    token = randomBytes(24).toString("base64url");
    session.set("csrf", token);
  }
  return token;
}

/** A fresh session for a login: a new form token too, so one planted before login is useless. */
export async function startConsoleSession(app: AppContext, request: Request, who: { shopId?: string; operator: boolean }): Promise<string> {
  const session = await getConsoleSession(app, request);
  session.unset("shopId");
  session.set("operator", who.operator);
  if (who.shopId) session.set("shopId", who.shopId);
  session.set("csrf", randomBytes(24).toString("base64url"));
  return commitConsoleSession(app, session);
}

export interface ConsoleContext {
  app: AppContext;
  session: ConsoleSession;
  shop: ConsoleShop;
  operator: boolean;
  csrfToken: string;
}

/** The logged-in shop of a console page, or a redirect to the login page. */
export async function requireConsoleShop(app: AppContext, request: Request): Promise<ConsoleContext> {
  const session = await getConsoleSession(app, request);
  const shopId = session.get("shopId");
  const shop = shopId ? await findShopById(app.db.prisma, shopId) : null;
  if (!shop) {
    if (session.get("operator")) throw redirect("/admin/login?pick=1");
    throw redirect("/admin/login");
  }
  return { app, session, shop, operator: session.get("operator") === true, csrfToken: csrfTokenOf(session) };
}

/**
 * A console form post: the session's shop, and the form data once its CSRF token matched. The
 * cookie is SameSite=Lax already; the token also stops same-site and older-browser forgeries.
 */
/** A console form's size limit unless its route names another (uploads, the survey editor). */
export const CONSOLE_FORM_MAX_BYTES = 64 * 1024;

export async function requireConsoleForm(app: AppContext, request: Request, maxBytes = CONSOLE_FORM_MAX_BYTES): Promise<ConsoleContext & { form: FormData }> {
  const context = await requireConsoleShop(app, request);
  const form = await readLimitedForm(request, maxBytes);
  verifyCsrf(context.session, form);
  return { ...context, form };
}

export function verifyCsrf(session: ConsoleSession, form: FormData): void {
  const expected = session.get("csrf");
  const presented = form.get("_csrf");
  const ok =
    typeof expected === "string" &&
    typeof presented === "string" &&
    expected.length === presented.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(presented));
  if (!ok) throw new HttpError(403, "csrf_failed", "This form has expired; reload the page and try again.", "_csrf");
}

export async function readLimitedForm(request: Request, maxBytes: number): Promise<FormData> {
  // Browsers always declare a form's length; without one the size cannot be bounded before parsing.
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (!Number.isFinite(declared) || declared > maxBytes) {
    throw new HttpError(413, "payload_too_large", `The form is larger than ${Math.round(maxBytes / 1024)} KB.`, "body");
  }
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw new HttpError(415, "unsupported_media_type", "Send the form as application/x-www-form-urlencoded or multipart/form-data.", "content-type");
  }
  try {
    return await request.formData();
  } catch {
    throw new HttpError(400, "invalid_form", "The form could not be read.", "body");
  }
}

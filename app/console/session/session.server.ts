import { randomBytes, timingSafeEqual } from "node:crypto";
import { createCookieSessionStorage, redirect, type Session } from "@remix-run/node";
import type { AppContext } from "~/app-context";
import { HttpError } from "~/http/errors";
import { CONSOLE_SESSION_TTL_MS, endConsoleSession, findConsoleSession, openConsoleSession, type ConsoleLogin } from "~/shops/console-sessions.server";
import { findShopById } from "~/shops/shops.server";

/**
 * What the console keeps in its (signed) cookie: the form token, and once logged in the token of
 * a server-side session (app/shops/console-sessions.server.ts), which says who logged in. Nothing
 * in the cookie alone opens a shop: a session ends on the server whatever the browser keeps.
 */
interface ConsoleSessionData {
  sid?: string;
  csrf?: string;
}

export type ConsoleSession = Session<ConsoleSessionData>;
export type ConsoleShop = NonNullable<Awaited<ReturnType<typeof findShopById>>>;

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
      // The browser's copy lasts as long as the server's session; the server decides either way.
      maxAge: CONSOLE_SESSION_TTL_MS / 1000,
      secure: (app.config.publicUrl ?? "").startsWith("https://"),
      secrets: [app.config.secretKey.value],
    },
  });
}

function sessionStorage(app: AppContext) {
  if (storage?.secret !== app.config.secretKey.value) storage = { secret: app.config.secretKey.value, value: createStorage(app) };
  return storage.value;
}

function operatorKeys(app: AppContext) {
  return { secretKey: app.config.secretKey.value, adminToken: app.config.adminToken };
}

export function getConsoleSession(app: AppContext, request: Request): Promise<ConsoleSession> {
  return sessionStorage(app).getSession(request.headers.get("cookie"));
}

export function commitConsoleSession(app: AppContext, session: ConsoleSession): Promise<string> {
  return sessionStorage(app).commitSession(session);
}

/** Logout: the server-side session ends, and the browser is told to forget the cookie. */
export async function destroyConsoleSession(app: AppContext, session: ConsoleSession): Promise<string> {
  await endConsoleSession(app.db.prisma, session.get("sid"));
  return sessionStorage(app).destroySession(session);
}

/** Who is logged in on this cookie right now (null: nobody, or a session that has ended). */
export function consoleLoginOf(app: AppContext, session: ConsoleSession): Promise<ConsoleLogin | null> {
  return findConsoleSession(app.db.prisma, operatorKeys(app), session.get("sid"));
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

/**
 * A fresh session for a login: a new server-side session (the one before it ends, so a session id
 * planted before login is useless) and a new form token too.
 */
export async function startConsoleSession(app: AppContext, request: Request, who: { shopId?: string; operator: boolean }): Promise<string> {
  const session = await getConsoleSession(app, request);
  await endConsoleSession(app.db.prisma, session.get("sid"));
  session.set("sid", await openConsoleSession(app.db.prisma, operatorKeys(app), who));
  session.set("csrf", randomBytes(24).toString("base64url"));
  return commitConsoleSession(app, session);
}

export interface ConsoleContext {
  app: AppContext;
  session: ConsoleSession;
  /** The server-side session: its id is what a key rotation from this console keeps alive. */
  login: ConsoleLogin;
  shop: ConsoleShop;
  operator: boolean;
  csrfToken: string;
}

/** The logged-in shop of a console page, or a redirect to the login page. */
export async function requireConsoleShop(app: AppContext, request: Request): Promise<ConsoleContext> {
  const session = await getConsoleSession(app, request);
  const login = await consoleLoginOf(app, session);
  const shop = login?.shopId ? await findShopById(app.db.prisma, login.shopId) : null;
  if (!login || !shop) {
    if (login?.operator) throw redirect("/admin/login?pick=1");
    throw redirect("/admin/login");
  }
  return { app, session, login, shop, operator: login.operator, csrfToken: csrfTokenOf(session) };
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

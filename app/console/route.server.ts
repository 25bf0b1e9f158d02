import { data } from "@remix-run/node";
import { getAppContext } from "~/context.server";
import { handleErrors, HttpError, jsonResponse } from "~/http/errors";
import { requireConsoleForm, requireConsoleShop, type ConsoleContext } from "./session/session.server";

/** What a console form's action answers when it refuses input: shown next to the field it names. */
export interface FormFailure {
  error: { code: string; message: string; field?: string };
}

/** A console page's loader: the logged-in shop (or a redirect to the login) and the page's data. */
export async function consoleLoader<T>(request: Request, load: (context: ConsoleContext) => Promise<T>) {
  const app = await getAppContext();
  const context = await requireConsoleShop(app, request);
  const loaded = await loadPage(() => load(context));
  return { ...loaded, shop: pageShop(context.shop), csrfToken: context.csrfToken, operator: context.operator };
}

/** A page's data; a refused input (HttpError) becomes the 4xx the page's error boundary shows. */
export async function loadPage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    // The page's error boundary shows it with its status (404 for another shop's record). A thrown
    // Response, not `data()`: the route guard (app/http/route-guard.ts) passes Responses through
    // and would turn anything else into a 500.
    if (error instanceof HttpError) throw jsonResponse({ message: error.message }, { status: error.status });
    throw error;
  }
}

/** What a page may show of its shop: never the secret key. */
export function pageShop(shop: ConsoleContext["shop"]) {
  return { id: shop.id, name: shop.name, publicKey: shop.publicKey };
}

/** A console form's action: session and CSRF checked first; a refused input comes back as a 4xx with the field it names. */
export async function consoleAction<T>(request: Request, act: (context: ConsoleContext & { form: FormData }) => Promise<T>, maxBytes?: number) {
  const app = await getAppContext();
  try {
    return await act(await requireConsoleForm(app, request, maxBytes));
  } catch (error) {
    return refusedForm(error);
  }
}

/** A refused form input (HttpError) as the 4xx answer the page shows; anything else is rethrown. */
export function refusedForm(error: unknown) {
  if (!(error instanceof HttpError)) throw error;
  const failure: FormFailure = { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
  return data(failure, { status: error.status });
}

/** A console download (CSV): the session's shop, and a JSON error with its status when input is refused. */
export async function consoleResource(request: Request, respond: (context: ConsoleContext) => Response | Promise<Response>) {
  const app = await getAppContext();
  const context = await requireConsoleShop(app, request);
  return handleErrors(async () => respond(context));
}

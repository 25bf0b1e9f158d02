import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "./log.server";
import { jsonResponse } from "./http/errors";
import type { GuardedRouteModule } from "./http/route-guard";
import { CspNonceContext } from "./http/csp-nonce";
import { consoleSecurityHeaders, EMBEDDED_FRAME_ANCESTORS_WITHOUT_SHOP, isConsolePath, isEmbeddedPath, newCspNonce } from "./http/security-headers";
import { addDocumentResponseHeaders } from "./http/shopify-route.server";

// The HTTP server (server/start.mjs) and the route tests reach the app through these.
export { startPalompy } from "./startup.server";
export { getAppContext, closeAppContext } from "./context.server";
export { PUBLIC_CORS_HEADERS } from "./http/cors";
export { log, withRequestId } from "./log.server";
export { answerBeforeRemix, guardRoutes, resourceBranchOf } from "./http/route-guard";
export { consoleSecurityHeaders, EMBEDDED_FRAME_ANCESTORS_WITHOUT_SHOP, isConsolePath, isEmbeddedPath, newCspNonce } from "./http/security-headers";

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  const jsonError = documentJsonError(remixContext);
  if (jsonError) return jsonError;
  // server/http.mjs chose the nonce and already set the console's policy with it; without that
  // server (the dev server) the policy is set here.
  const nonce = loadContext?.cspNonce ?? newCspNonce();
  await addFramingHeaders(request, responseHeaders, loadContext?.cspNonce ? undefined : nonce);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const app = (
      <CspNonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </CspNonceContext.Provider>
    );
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        log.error("page render failed", { error });
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * The console's headers come from the HTTP server (server/http.mjs), set before Remix on every
 * /admin response; `consoleNonce` is given when that server did not run, and they are set here. The embedded
 * admin (/app) gets what its layout's loader set for the session's shop, else admin.shopify.com
 * alone: shopify-app-remix's addDocumentResponseHeaders would trust the address bar's ?shop=.
 * Other pages keep the library's headers.
 */
async function addFramingHeaders(request: Request, headers: Headers, consoleNonce: string | undefined): Promise<void> {
  const { pathname } = new URL(request.url);
  if (isConsolePath(pathname)) {
    if (consoleNonce) for (const [name, value] of Object.entries(consoleSecurityHeaders(consoleNonce))) headers.set(name, value);
    return;
  }
  if (isEmbeddedPath(pathname)) {
    if (!headers.has("content-security-policy")) headers.set("content-security-policy", EMBEDDED_FRAME_ANCESTORS_WITHOUT_SHOP);
    return;
  }
  await addDocumentResponseHeaders(request, headers);
}

/**
 * A page route that threw one of our JSON errors (a 405, Shopify not configured…) answers that JSON
 * with its status, not an HTML error page: the caller is an API client or a misconfiguration.
 */
function documentJsonError(remixContext: EntryContext): Response | undefined {
  const { errors, matches } = remixContext.staticHandlerContext;
  const error = Object.values(errors ?? {}).find((candidate) => isRouteErrorResponse(candidate) && isErrorBody(candidate.data));
  if (!isRouteErrorResponse(error)) return undefined;
  const headers = new Headers();
  const leaf = matches.at(-1)?.route.id;
  const allowed = leaf ? (remixContext.routeModules[leaf] as GuardedRouteModule | undefined)?.allowedMethods : undefined;
  if (error.status === 405 && allowed?.length) headers.set("allow", allowed.join(", "));
  return jsonResponse(error.data, { status: error.status, headers });
}

function isErrorBody(data: unknown): boolean {
  const inner = (data as { error?: { code?: unknown } } | null)?.error;
  return typeof inner?.code === "string";
}

import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "./log.server";
import { jsonResponse } from "./http/errors";
import type { GuardedRouteModule } from "./http/route-guard";
import { addDocumentResponseHeaders } from "./shopify.server";

// The HTTP server (server/start.mjs) and the route tests reach the app through these.
export { startPalompy } from "./startup.server";
export { getAppContext, closeAppContext } from "./context.server";
export { PUBLIC_CORS_HEADERS } from "./http/cors";
export { log, withRequestId } from "./log.server";
export { answerBeforeRemix, guardRoutes } from "./http/route-guard";

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const jsonError = documentJsonError(remixContext);
  if (jsonError) return jsonError;
  await addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
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

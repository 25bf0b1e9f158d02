// The HTTP server around the Remix build: static assets, the client address for rate limits, and
// graceful shutdown. Used by `npm start`, the demo and the route tests alike.
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import { randomUUID } from "node:crypto";
import path from "node:path";

// A caller's id is kept (a proxy's trace id) when it is plain text of sane length.
const REQUEST_ID_PATTERN = /^[\w.:-]{8,100}$/;

// A request line keeps this much of the path: enough to tell routes apart, never kilobytes of an
// attacker's path through the masking of every line.
const LOGGED_PATH_MAX = 512;

function loggedPath(path) {
  return path.length > LOGGED_PATH_MAX ? { path: `${path.slice(0, LOGGED_PATH_MAX)}…`, pathLength: path.length } : { path };
}

/** One JSON log line per request (the build's logger masks personal data); the id is echoed in x-request-id. */
function requestLog(build) {
  const { log, withRequestId } = build.entry.module;
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", requestId);
    const started = process.hrtime.bigint();
    res.once("close", () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const fields = { requestId, method: req.method, ...loggedPath(req.path), status: res.statusCode, ms };
      if (!res.writableFinished) fields.aborted = true;
      log.info("request", fields);
    });
    withRequestId(requestId, next);
  };
}

/**
 * @param {{ build: any, clientDir: string, trustProxy?: string }} options
 */
export function createHttpApp({ build: rawBuild, clientDir, trustProxy }) {
  // Every route gets the method, error-shape and text rules of app/http/route-guard.ts.
  const build = rawBuild.entry.module.guardRoutes(rawBuild);
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", trustProxy === "true" ? true : trustProxy);
  app.use(requestLog(build));
  // Vite fingerprints everything under /assets: cache it for a year.
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
  // No folder redirects: /demo is a page route even though public/demo/ holds its images.
  app.use(express.static(clientDir, { maxAge: "1h", redirect: false }));
  // The console's security headers (CSP with this response's script nonce, no framing, nosniff,
  // referrer policy) on every /admin response: pages, their data, downloads and errors alike.
  // The embedded admin (/app) keeps the framing rule its layout set for the session's shop; any
  // other /app response (a redirect to the login, an error) is framable by Shopify's admin alone.
  app.use((req, res, next) => {
    const entry = build.entry.module;
    res.locals.cspNonce = entry.newCspNonce();
    if (entry.isConsolePath(req.path)) res.set(entry.consoleSecurityHeaders(res.locals.cspNonce));
    else if (entry.isEmbeddedPath(req.path)) defaultHeaderAtWrite(res, "content-security-policy", entry.EMBEDDED_FRAME_ANCESTORS_WITHOUT_SHOP);
    next();
  });
  // Remix answers OPTIONS with 405 before any route runs, so the public API's CORS preflight is
  // answered here, with the same headers the routes send (app/http/cors.ts).
  // (Matched by prefix, not by an Express route pattern: those decode the path and answer a
  // malformed %-escape with an HTML 400.)
  app.use((req, res, next) => {
    if (req.method === "OPTIONS" && req.path.startsWith("/api/")) res.set(build.entry.module.PUBLIC_CORS_HEADERS).status(204).end();
    else next();
  });
  // TRACE and friends cannot even become a fetch Request, Remix throws on a cross-origin page write
  // and has data-request URL forms of its own: answered before Remix (app/http/route-guard.ts).
  app.use((req, res, next) => {
    const search = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?") + 1) : "";
    const url = { pathname: req.path, query: new URLSearchParams(search) };
    const early = build.entry.module.answerBeforeRemix(build, req.method, url, (name) => req.get(name));
    if (early) sendResponse(res, early).catch(next);
    else next();
  });
  const remixHandler = (forBuild) =>
    createRequestHandler({
      build: forBuild,
      mode: process.env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown", cspNonce: res.locals.cspNonce }),
    });
  const wholeApp = remixHandler(build);
  // An API, webhook or asset route is handled by Remix over its own branch of routes only
  // (app/http/route-guard.ts, resourceBranchOf): the same route, without matching all of them twice.
  const branchHandlers = new Map();
  app.use((req, res, next) => {
    const branch = build.entry.module.resourceBranchOf(build, req.path);
    if (!branch) return wholeApp(req, res, next);
    let handler = branchHandlers.get(branch);
    if (!handler) branchHandlers.set(branch, (handler = remixHandler(branch)));
    return handler(req, res, next);
  });
  // Whatever Express itself refuses (a malformed path in express.static…) keeps the JSON error shape.
  app.use((error, _req, res, _next) => {
    const status = Number(error?.status ?? error?.statusCode) || 500;
    if (status >= 500) console.error("[palompy] unexpected error in the HTTP layer", error);
    res.status(status).json({ error: status >= 500 ? { code: "internal_error", message: "Something went wrong on our side." } : { code: "bad_request", message: String(error?.message ?? "Bad request.") } });
  });
  return app;
}

/**
 * Sets a header when the response is about to be written unless whoever answered set it: Remix's
 * response headers are appended to Express's, so a default set up front would be a second header.
 * @param {import("express").Response} res @param {string} name @param {string} value
 */
function defaultHeaderAtWrite(res, name, value) {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (!res.hasHeader(name)) res.setHeader(name, value);
    return writeHead.apply(this, args);
  };
}

/** @param {import("express").Response} res @param {Response} response */
async function sendResponse(res, response) {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.send(await response.text());
}

/**
 * @param {{ build: any, clientDir: string, port: number, host?: string, trustProxy?: string }} options
 * @returns {Promise<{ server: import("node:http").Server, url: string, close: () => Promise<void>, drain: (graceMs: number) => Promise<void> }>}
 */
export async function listen(options) {
  const app = createHttpApp(options);
  const server = await new Promise((resolve) => {
    const s = app.listen(options.port, options.host ?? "0.0.0.0", () => resolve(s));
  });
  // Streaming chat answers can run long; only idle keep-alive sockets are cut early.
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "localhost";
  const url = `http://${host}:${address.port}`;
  return {
    server,
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    // Graceful: stop accepting, let requests in flight (streaming answers) finish within graceMs,
    // then cut whatever is left.
    drain: (graceMs) =>
      new Promise((resolve) => {
        server.close(() => {
          clearInterval(idle);
          clearTimeout(deadline);
          resolve();
        });
        // Keep-alive sockets become idle as their responses end.
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
        server.closeIdleConnections();
      }),
  };
}

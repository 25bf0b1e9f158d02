// The HTTP server around the Remix build: static assets, the client address for rate limits, and
// graceful shutdown. Used by `npm start`, the demo and the route tests alike.
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import path from "node:path";

/**
 * @param {{ build: any, clientDir: string, trustProxy?: string }} options
 */
export function createHttpApp({ build: rawBuild, clientDir, trustProxy }) {
  // Every route gets the method, error-shape and text rules of app/http/route-guard.ts.
  const build = rawBuild.entry.module.guardRoutes(rawBuild);
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", trustProxy === "true" ? true : trustProxy);
  // Vite fingerprints everything under /assets: cache it for a year.
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
  // No folder redirects: /demo is a page route even though public/demo/ holds its images.
  app.use(express.static(clientDir, { maxAge: "1h", redirect: false }));
  // Remix answers OPTIONS with 405 before any route runs, so the public API's CORS preflight is
  // answered here, with the same headers the routes send (app/http/cors.ts).
  app.options("/api/*", (_req, res) => {
    res.set(build.entry.module.PUBLIC_CORS_HEADERS).status(204).end();
  });
  // TRACE and friends cannot even be turned into a fetch Request: answered before Remix.
  app.use((req, res, next) => {
    if (build.entry.module.ROUTABLE_METHODS.includes(req.method)) return next();
    sendResponse(res, build.entry.module.unroutableMethodResponse(build, req.path)).catch(next);
  });
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );
  return app;
}

/** @param {import("express").Response} res @param {Response} response */
async function sendResponse(res, response) {
  res.status(response.status);
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.send(await response.text());
}

/**
 * @param {{ build: any, clientDir: string, port: number, host?: string, trustProxy?: string }} options
 * @returns {Promise<{ server: import("node:http").Server, url: string, close: () => Promise<void> }>}
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
  };
}

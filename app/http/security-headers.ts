import { randomBytes } from "node:crypto";

/**
 * Response headers that keep the merchant console from being framed, sniffed or scripted by
 * anything but its own bundles. The HTTP server (server/http.mjs) sets the console's on every
 * /admin response before Remix runs; entry.server.tsx gives the embedded admin (/app) its framing rule.
 */

/** /admin, /admin/…, and Remix's data URLs of those pages (/admin.data, /admin/leads.data). */
export function isConsolePath(pathname: string): boolean {
  return pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/admin.");
}

/** The embedded admin inside Shopify's (/app, /app/…, /app.data). */
export function isEmbeddedPath(pathname: string): boolean {
  return pathname === "/app" || pathname.startsWith("/app/") || pathname.startsWith("/app.");
}

/** A fresh nonce for one response's inline scripts (Remix's hydration data and module loader). */
export function newCspNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The standalone console is never framed (clickjacking a "rotate key" or "delete" button), and runs
 * only its own scripts: Remix's inline ones carry the response's nonce. Polaris sets inline
 * styles, product images may come from any https store, and Polaris's font from Shopify's CDN.
 */
export function consoleSecurityHeaders(nonce: string): Record<string, string> {
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data: https://cdn.shopify.com",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": policy,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
  };
}

/**
 * Shopify's admin is the only place the embedded app may be framed. Without an authenticated
 * session (no ?shop=, a failed token) that is admin.shopify.com alone; with one, its own store
 * too (embeddedFrameHeaders in ~/shopify/frame-headers.server.ts).
 */
export const EMBEDDED_FRAME_ANCESTORS_WITHOUT_SHOP = "frame-ancestors https://admin.shopify.com;";

import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the HTTP server saw it (honouring PALOMPY_TRUST_PROXY). */
    clientIp?: string;
    /** This response's Content-Security-Policy nonce (server/http.mjs sets the policy on console pages). */
    cspNonce?: string;
  }
}

export function clientIpOf(context: AppLoadContext | undefined): string {
  return context?.clientIp || "unknown";
}

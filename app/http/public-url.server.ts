import type { AppConfig } from "~/config.server";

/** Where browsers reach this app: PALOMPY_PUBLIC_URL when configured, else the request's own origin. */
export function publicBaseUrl(config: Pick<AppConfig, "publicUrl">, request: Request): string {
  return (config.publicUrl ?? new URL(request.url).origin).replace(/(?<!\/)\/+$/, "");
}

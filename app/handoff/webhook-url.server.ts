import { isIP } from "node:net";
import { HttpError } from "~/http/errors";
import { isPublicAddress } from "~/http/public-address";

/**
 * What a handoff webhook URL must be before it is saved (and again before each delivery, for URLs
 * saved by older versions): http(s) without credentials, https when the server runs in production,
 * and not a literal local or private address. A name is judged when it is connected to (the
 * outbound client checks every resolved address), so this is the early, readable refusal only.
 */
export function webhookUrlProblem(config: { env: string; woocommerce: { allowPrivateHosts: boolean } }, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http(s) URL";
  if (url.username || url.password) return "must not contain a user name or password";
  if (config.env === "production" && url.protocol !== "https:") return "must use https";
  if (config.woocommerce.allowPrivateHosts) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && !isPublicAddress(host))) {
    return "must not point to a local or private address";
  }
  return null;
}

/** Settings saves (admin API and console): a refused handoff webhook URL is a 422 naming the field. */
export function assertHandoffWebhookAllowed(config: Parameters<typeof webhookUrlProblem>[0], patch: { handoff?: { webhookUrl?: string } | null }) {
  const url = patch.handoff?.webhookUrl;
  const problem = url ? webhookUrlProblem(config, url) : null;
  if (problem) throw new HttpError(422, "invalid_field", `handoff.webhookUrl: ${problem}`, "handoff.webhookUrl");
}

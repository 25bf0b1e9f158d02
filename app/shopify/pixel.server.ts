import type { AdminGraphql } from "./admin-client";
import { WEB_PIXEL, WEB_PIXEL_CREATE, WEB_PIXEL_UPDATE } from "./documents";

/** The settings extensions/palompy-pixel/shopify.extension.toml declares, in that shape. */
export interface PalompyPixelSettings {
  shopPublicKey: string;
  endpoint: string;
}

export class PixelActivationError extends Error {}

interface PixelPayload {
  webPixel: { id: string; settings: unknown } | null;
  userErrors: { field: string[] | null; message: string; code: string | null }[];
}

/**
 * Activates the web pixel for the shop, or points the existing one at the current settings (a
 * reinstall, a new API base): Shopify keeps one pixel per app and shop and answers TAKEN to a
 * second create, so that answer leads to reading the pixel's id and updating it.
 */
export async function activateWebPixel(admin: AdminGraphql, settings: PalompyPixelSettings): Promise<{ id: string; created: boolean }> {
  // WebPixelInput.settings is JSON, sent as the JSON text of the object (Shopify's documented form).
  const webPixel = { settings: JSON.stringify(settings) };
  const { webPixelCreate } = await admin<{ webPixelCreate: PixelPayload }>(WEB_PIXEL_CREATE, { webPixel });
  if (webPixelCreate.webPixel) return { id: webPixelCreate.webPixel.id, created: true };
  if (!webPixelCreate.userErrors.some((error) => error.code === "TAKEN")) throw new PixelActivationError(`webPixelCreate: ${describe(webPixelCreate.userErrors)}`);
  const { webPixel: current } = await admin<{ webPixel: { id: string } | null }>(WEB_PIXEL);
  if (!current) throw new PixelActivationError("webPixelCreate answered TAKEN but webPixel found none");
  const { webPixelUpdate } = await admin<{ webPixelUpdate: PixelPayload }>(WEB_PIXEL_UPDATE, { id: current.id, webPixel });
  if (!webPixelUpdate.webPixel) throw new PixelActivationError(`webPixelUpdate: ${describe(webPixelUpdate.userErrors)}`);
  return { id: webPixelUpdate.webPixel.id, created: false };
}

function describe(errors: PixelPayload["userErrors"]): string {
  return errors.map((error) => `${error.code ?? "ERROR"} ${error.message}`).join("; ") || "no pixel and no error";
}

import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./errors";

/**
 * The standalone admin API is guarded by one bearer token (PALOMPY_ADMIN_TOKEN). Digests of equal
 * length are compared in constant time so the comparison leaks neither content nor length.
 */
export function requireAdmin(request: Request, adminToken: string | undefined): void {
  if (!adminToken) {
    throw new HttpError(
      503,
      "admin_api_disabled",
      "The admin API is disabled: set PALOMPY_ADMIN_TOKEN on the server to enable it.",
    );
  }
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const presented = match?.[1]?.trim() ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  if (!presented || !timingSafeEqual(digest(presented), digest(adminToken))) {
    throw new HttpError(401, "unauthorized", "A valid `Authorization: Bearer <admin token>` header is required.", "authorization", {
      "www-authenticate": 'Bearer realm="palompy-admin"',
    });
  }
}

import { HttpError } from "~/http/errors";

/** Every App Proxy path no widget endpoint claims: the JSON 404 (as for /api), not an HTML page. */
export const allowedMethods: string[] = [];

function notFound(): never {
  throw new HttpError(404, "not_found", "No such endpoint.");
}

export const loader = notFound;
export const action = notFound;

import { HttpError } from "~/http/errors";

/** Every /api path no other route claims: the documented JSON 404 instead of an HTML page. */
export const allowedMethods: string[] = [];

function notFound(): never {
  throw new HttpError(404, "not_found", "No such endpoint.");
}

export const loader = notFound;
export const action = notFound;

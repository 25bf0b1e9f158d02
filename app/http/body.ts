import type { z } from "zod";
import { HttpError } from "./errors";

/**
 * Reads a request body, refusing more than maxBytes before buffering it all (a declared length is
 * checked first; a chunked body is counted as it streams). The bytes are returned untouched, for
 * signature checks over the raw body.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Buffer> {
  // The rest of a refused body is never read, so the connection cannot carry another request.
  const tooLarge = () => new HttpError(413, "payload_too_large", `Request body is larger than ${maxBytes} bytes.`, "body", { connection: "close" });
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/**
 * Reads a JSON body within maxBytes. The content type is not required to be JSON because
 * navigator.sendBeacon posts text/plain.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const text = (await readBodyBytes(request, maxBytes)).toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "invalid_json", "Request body is empty; a JSON object was expected.", "body");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "Request body is not valid JSON.", "body");
  }
}

/** `products[3].description` style path of the first problem, for error messages that name the field. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "body";
}

/** Validates with zod; the first issue becomes a 422 (or 413 for a too-big string/array) naming its field. */
export function parseWith<Schema extends z.ZodTypeAny>(schema: Schema, data: unknown): z.infer<Schema> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issuePath(issue.path);
  const tooBig = issue.code === "too_big" && (issue.type === "string" || issue.type === "array");
  throw new HttpError(tooBig ? 413 : 422, tooBig ? "too_large" : "invalid_field", `${field}: ${issue.message}`, field);
}

export async function readValidatedJson<Schema extends z.ZodTypeAny>(
  request: Request,
  schema: Schema,
  maxBytes: number,
): Promise<z.infer<Schema>> {
  return parseWith(schema, await readJsonBody(request, maxBytes));
}

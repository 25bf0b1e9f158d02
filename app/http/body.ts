import type { z } from "zod";
import { ClientDisconnected, HttpError } from "./errors";

/**
 * Reads a request body, refusing more than maxBytes before buffering it all (a declared length is
 * checked first; a chunked body is counted as it streams). The bytes are returned untouched, for
 * signature checks over the raw body. `inspect` sees each chunk as it arrives (after the size check)
 * and may refuse the body by throwing; the rest is then never read.
 */
export async function readBodyBytes(request: Request, maxBytes: number, inspect?: (chunk: Uint8Array) => void): Promise<Buffer> {
  // The rest of a refused body is never read, so the connection cannot carry another request.
  const tooLarge = () => new HttpError(413, "payload_too_large", `Request body is larger than ${maxBytes} bytes.`, "body", { connection: "close" });
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      // The body stream fails only when the client's connection does ("aborted", ECONNRESET).
      throw new ClientDisconnected(error);
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    if (inspect) {
      try {
        inspect(value);
      } catch (error) {
        // Not cancelled: cancelling destroys the socket before the answer can be sent. The rest
        // stays unread and the answer closes the connection.
        reader.releaseLock();
        throw error;
      }
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
  // Depth is refused while the bytes arrive: JSON.parse of megabytes of "[[[[…" holds the event
  // loop for seconds before cleanJsonText could say too_deep.
  const depth = new JsonDepthGuard(MAX_JSON_DEPTH);
  const text = (await readBodyBytes(request, maxBytes, (chunk) => depth.feed(chunk))).toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "invalid_json", "Request body is empty; a JSON object was expected.", "body");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "Request body is not valid JSON.", "body");
  }
  return cleanJsonText(parsed);
}

/** Deeper than any payload we accept; bounds the recursion below and later JSON.stringify calls. */
export const MAX_JSON_DEPTH = 32;

function tooDeep(path: (string | number)[]): HttpError {
  // The rest of a body refused while reading is never read: the connection cannot carry another request.
  return new HttpError(422, "too_deep", `${issuePath(path)}: JSON is nested deeper than ${MAX_JSON_DEPTH} levels.`, issuePath(path), { connection: "close" });
}

interface DepthFrame {
  kind: "object" | "array";
  /** Position of the current element in an array. */
  index: number;
  /** Key of the current member of an object (raw JSON string text, decoded for the message only). */
  key: string;
  expectingKey: boolean;
}

const KEY_BYTES_KEPT = 200;

/**
 * Counts bracket depth outside strings, one byte at a time, across chunks, in linear time. JSON's
 * structural characters are ASCII and never occur inside a UTF-8 sequence, so bytes need no
 * decoding. Malformed JSON is not its business: JSON.parse refuses it afterwards.
 */
export class JsonDepthGuard {
  private readonly frames: DepthFrame[] = [];
  private inString = false;
  private escaped = false;
  private keyBytes: number[] | null = null;

  constructor(private readonly maxDepth: number) {}

  /** Throws too_deep (naming the path) as soon as a container opens deeper than maxDepth. */
  feed(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === 0x5c) this.escaped = true;
        else if (byte === 0x22) {
          this.inString = false;
          if (this.keyBytes) this.frames[this.frames.length - 1].key = decodeKey(this.keyBytes);
          this.keyBytes = null;
          continue;
        }
        if (this.keyBytes && this.keyBytes.length < KEY_BYTES_KEPT) this.keyBytes.push(byte);
        continue;
      }
      const top = this.frames[this.frames.length - 1];
      switch (byte) {
        case 0x22: // "
          this.inString = true;
          this.keyBytes = top?.kind === "object" && top.expectingKey ? [] : null;
          break;
        case 0x7b: // {
        case 0x5b: // [
          if (this.frames.length >= this.maxDepth) throw tooDeep(this.frames.map((frame) => (frame.kind === "array" ? frame.index : frame.key)));
          this.frames.push({ kind: byte === 0x7b ? "object" : "array", index: 0, key: "", expectingKey: byte === 0x7b });
          break;
        case 0x7d: // }
        case 0x5d: // ]
          this.frames.pop();
          break;
        case 0x2c: // ,
          if (top?.kind === "array") top.index++;
          else if (top) top.expectingKey = true;
          break;
        case 0x3a: // :
          if (top) top.expectingKey = false;
          break;
      }
    }
  }
}

function decodeKey(raw: number[]): string {
  const text = Buffer.from(raw).toString("utf8");
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The one text rule at the input boundary, for every JSON body: NUL characters are dropped (PostgreSQL
 * text cannot hold them and no shopper means one), a lone surrogate (not Unicode, cannot become
 * UTF-8) is refused with a 422 naming the field. Applies to object keys as well as strings.
 */
export function cleanJsonText(value: unknown, path: (string | number)[] = []): unknown {
  if (typeof value === "string") return cleanText(value, path);
  if (value === null || typeof value !== "object") return value;
  if (path.length >= MAX_JSON_DEPTH) {
    throw new HttpError(422, "too_deep", `${issuePath(path)}: JSON is nested deeper than ${MAX_JSON_DEPTH} levels.`, issuePath(path));
  }
  if (Array.isArray(value)) return value.map((item, index) => cleanJsonText(item, [...path, index]));
  // fromEntries defines own properties, so a "__proto__" key stays data, as JSON.parse made it.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const cleanKey = cleanText(key, [...path, key]);
      return [cleanKey, cleanJsonText(item, [...path, cleanKey])];
    }),
  );
}

/** The rule for one string at `path`. */
function cleanText(value: string, path: (string | number)[]): string {
  if (LONE_SURROGATE.test(value)) {
    const field = issuePath(path);
    throw new HttpError(422, "invalid_text", `${field}: contains a lone surrogate, which is not valid Unicode text.`, field);
  }
  return value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
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

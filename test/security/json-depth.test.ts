import { describe, expect, it } from "vitest";
import { JsonDepthGuard, MAX_JSON_DEPTH } from "~/http/body";
import { HttpError } from "~/http/errors";

/** Feeds `text` to a fresh guard in chunks of `size` bytes; returns the error it threw, if any. */
function feed(text: string, size: number, maxDepth = MAX_JSON_DEPTH): HttpError | undefined {
  const guard = new JsonDepthGuard(maxDepth);
  const bytes = Buffer.from(text, "utf8");
  try {
    for (let at = 0; at < bytes.length; at += size) guard.feed(bytes.subarray(at, at + size));
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  return undefined;
}

describe("JSON depth is refused while the body streams in (issue 16, item 12)", () => {
  it("allows exactly the depth cleanJsonText allows and refuses one more, naming the path", () => {
    expect(feed(`${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`, 7)).toBeUndefined();
    const error = feed(`{"items":[1,{"x":${"[".repeat(40)}`, 3);
    expect(error).toMatchObject({ status: 422, code: "too_deep", field: `items[1].x${"[0]".repeat(MAX_JSON_DEPTH - 3)}` });
  });

  it("ignores brackets inside strings, escaped quotes included, whatever the chunk boundaries", () => {
    const text = JSON.stringify({ note: `\\"${"[{".repeat(100)}\\"`, "key\"[[[": "]]]", list: [1, 2, "[[[["] });
    for (const size of [1, 2, 5, 64]) expect(feed(text, size, 3)).toBeUndefined();
  });

  it("names keys with escapes and non-ASCII text, split across chunks", () => {
    const error = feed(`{"ключ\\n":{"b":[[`, 1, 3);
    expect(error?.field).toBe("ключ\n.b[0]");
  });

  it("counts the depth of 28 MB of '[' without decoding or parsing it", () => {
    const guard = new JsonDepthGuard(MAX_JSON_DEPTH);
    expect(() => guard.feed(Buffer.alloc(28 * 1024 * 1024, "["))).toThrow(/nested deeper than 32 levels/);
  });
});

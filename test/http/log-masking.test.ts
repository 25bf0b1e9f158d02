import { afterEach, describe, expect, it, vi } from "vitest";
import { log, maskPersonalData, withRequestId } from "~/log.server";

describe("structured logs", () => {
  afterEach(() => vi.restoreAllMocks());

  it("masks emails and phone numbers, keeps ids, times and ordinary numbers", () => {
    expect(maskPersonalData("write to ivan.petrov+shop@mail.example.ru please")).toBe("write to ***@mail.example.ru please");
    expect(maskPersonalData("call +7 (916) 123-45-67 or 89161234567")).toBe("call ****************67 or *********67");
    expect(maskPersonalData("order 12345, 2 items, 1990 RUB")).toBe("order 12345, 2 items, 1990 RUB");
  });

  it("writes one JSON line with the request id and masked fields, errors included", () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const error = new Error("lead save failed for anna@example.com");
    withRequestId("req-12345678", () => log.error("could not save lead", { shopId: "00000000-0000-4000-8000-000000000000", lead: { phone: "+44 20 7946 0958" }, error }));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({
      level: "error",
      msg: "could not save lead",
      requestId: "req-12345678",
      shopId: "00000000-0000-4000-8000-000000000000",
      lead: { phone: "**************58" },
      error: { name: "Error", message: "lead save failed for ***@example.com" },
    });
    expect(lines[0]).not.toContain("anna@");
  });
});

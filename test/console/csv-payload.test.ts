import { describe, expect, it } from "vitest";
import { csvToImportPayload, parseCsv } from "~/knowledge/csv-payload";
import { parseImportPayload } from "~/knowledge/payload";

describe("knowledge CSV", () => {
  it("parses quoted cells, doubled quotes, CRLF and newlines inside quotes", () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"\nthere'],
    ]);
  });

  it("maps rows by type to the import payload, naming only the sections it has rows for, which then validates", () => {
    const result = csvToImportPayload("\uFEFFtype,id,name,price,tags,available,question,answer\nproduct,p1,Boots,100,a|b,yes,,\nfaq,,,,,,Q?,A.\n\n");
    expect(result).toEqual({
      ok: true,
      data: { products: [{ id: "p1", name: "Boots", price: "100", tags: ["a", "b"], available: true }], faq: [{ question: "Q?", answer: "A." }] },
    });
    if (result.ok) expect(parseImportPayload(result.data).ok).toBe(true);
  });

  it("names an unknown column, a missing type column and a bad type", () => {
    expect(csvToImportPayload("type,colour\nproduct,red")).toMatchObject({ ok: false, field: "column colour" });
    expect(csvToImportPayload("name\nBoots")).toMatchObject({ ok: false, field: "column type" });
    expect(csvToImportPayload("type,name\nwidget,Boots")).toMatchObject({ ok: false, field: "row 2" });
    expect(csvToImportPayload("")).toMatchObject({ ok: false, field: "file" });
  });
});

import { describe, expect, it } from "vitest";
import { askedVariants, type VariantLine } from "~/chat/variants";
import { lowerInPlace, standaloneAt, standsAlone } from "~/chat/standalone-token";

/** What the scanner replaces: a pattern built from the token, with Unicode letter boundaries. */
function byPattern(text: string, token: string, joiners: string): number[] {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const classes = `\\p{L}\\d${joiners.replace(/[-\]\\^]/g, "\\$&")}`;
  return [...text.matchAll(new RegExp(`(?<![${classes}])${escaped}(?![${classes}])`, "gu"))].map((match) => match.index);
}

describe("standaloneAt", () => {
  const cases: Array<[string, string, string]> = [
    ["is JKT-1042-M in stock?", "JKT-1042-M", "-"],
    ["is JKT-1042-M in stock?", "JKT-1042", "-"],
    ["JKT-1042", "JKT-1042", "-"],
    ["xJKT-1042", "JKT-1042", "-"],
    ["JKT-10421", "JKT-1042", "-"],
    ["(JKT-1042), JKT-1042.", "JKT-1042", "-"],
    ["размер XL есть?", "XL", ""],
    ["XXL please", "XL", ""],
    ["XLарge", "XL", ""],
    ["2XL", "XL", ""],
    ["XL/XXL", "XL", ""],
    ["XL/XXL", "XL", "/-"],
    ["S/M, or s/m", "S/M", "/-"],
    ["𝒜XL and XL𝒜 and XL", "XL", ""],
    ["XLXL XL", "XL", ""],
    ["", "XL", ""],
  ];
  it.each(cases)("in %j finds %j where the pattern did", (text, token, joiners) => {
    expect(standaloneAt(text, token, joiners)).toEqual(byPattern(text, token, joiners));
  });

  it("finds nothing for an empty token", () => {
    expect(standaloneAt("anything", "")).toEqual([]);
    expect(standsAlone("anything", "")).toBe(false);
  });
});

describe("lowerInPlace", () => {
  it("lowers the text and keeps each character at its index", () => {
    expect(lowerInPlace("Size XL")).toBe("size xl");
    const text = "İstanbul XL";
    const lowered = lowerInPlace(text);
    expect(lowered).toHaveLength(text.length);
    expect(lowered.indexOf("xl")).toBe(text.indexOf("XL"));
  });
});

describe("askedVariants by SKU and size", () => {
  const variant = (title: string, sku: string): VariantLine => ({ title, options: title.split(" / "), sku, available: true });
  const jacket = [variant("Black / M", "JKT-1042-M"), variant("Black / XL", "JKT-1042-XL"), variant("Black / S/M", "JKT-1042-SM")];

  it("takes the variant whose SKU stands alone, in any case", () => {
    expect(askedVariants("is jkt-1042-xl in stock?", jacket).matched.map((v) => v.sku)).toEqual(["JKT-1042-XL"]);
    expect(askedVariants("JKT-1042-XLL?", jacket).matched).toEqual([]);
  });

  it("names a size written alone, and not inside a word", () => {
    expect(askedVariants("have it in XL?", jacket).values).toEqual(["XL"]);
    expect(askedVariants("а в xl есть?", jacket).values).toEqual(["XL"]);
    expect(askedVariants("XLarge bag", jacket).values).toEqual([]);
    expect(askedVariants("size s/m please", jacket).values).toEqual(["S/M"]);
    expect(askedVariants("a m", jacket).values).toEqual([]);
    expect(askedVariants("got it in m?", jacket).values).toEqual(["M"]);
  });
});

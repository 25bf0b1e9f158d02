import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { ALL_DOCUMENTS } from "~/shopify/documents";
import { loadAdminSchema } from "../support/shared-data";

function errorsOf(source: string): string[] {
  return validate(loadAdminSchema(), parse(source)).map((error) => error.message);
}

describe("GraphQL documents against the Admin API 2026-10 schema", () => {
  it.each(Object.entries(ALL_DOCUMENTS))("%s is valid", (_name, source) => {
    expect(errorsOf(source)).toEqual([]);
  });

  it("rejects a document using a field the schema does not have", () => {
    // Proves the check can fail: `inventory` is not a ProductVariant field.
    const wrong = ALL_DOCUMENTS.PRODUCT_BY_ID.replace("availableForSale", "availableForSale inventory");
    expect(errorsOf(wrong)).toEqual([expect.stringContaining('Cannot query field "inventory" on type "ProductVariant"')]);
  });

  it("uses no deprecated field (currentBulkOperation, featuredImage, InventoryItem.variant)", async () => {
    const { NoDeprecatedCustomRule } = await import("graphql");
    for (const [name, source] of Object.entries(ALL_DOCUMENTS)) {
      const deprecated = validate(loadAdminSchema(), parse(source), [NoDeprecatedCustomRule]).map((error) => `${name}: ${error.message}`);
      expect(deprecated).toEqual([]);
    }
  });
});

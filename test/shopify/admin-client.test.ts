import { describe, expect, it } from "vitest";
import { remixAdminGraphql, ShopifyGraphqlError, throttledClient, type GraphqlBody } from "~/shopify/admin-client";

const throttled: GraphqlBody = {
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
  extensions: { cost: { requestedQueryCost: 502, throttleStatus: { currentlyAvailable: 2, restoreRate: 100 } } },
};

describe("Admin client throttling", () => {
  it("waits what the cost bucket needs to refill, then answers the data", async () => {
    const waits: number[] = [];
    const answers = [throttled, { data: { shop: { name: "A" } } }];
    const client = throttledClient(async () => answers.shift()!, { sleep: async (ms) => void waits.push(ms) });
    expect(await client("{ shop { name } }")).toEqual({ shop: { name: "A" } });
    expect(waits).toEqual([5_000]);
  });

  it("gives up after maxRetries and reports Shopify's error", async () => {
    const client = throttledClient(async () => throttled, { maxRetries: 2, sleep: async () => {} });
    await expect(client("{ shop { name } }")).rejects.toBeInstanceOf(ShopifyGraphqlError);
  });

  it("shopify-app-remix's client: a thrown GraphqlQueryError body is retried when THROTTLED", async () => {
    let calls = 0;
    const graphql = async () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error("GraphQL Client: Throttled"), { body: throttled });
      return new Response(JSON.stringify({ data: { shop: { name: "B" } } }));
    };
    const client = remixAdminGraphql(graphql, { sleep: async () => {} });
    expect(await client("{ shop { name } }")).toEqual({ shop: { name: "B" } });
    expect(calls).toBe(2);
  });

  it("other errors are not retried", async () => {
    let calls = 0;
    const client = throttledClient(async () => {
      calls += 1;
      return { errors: [{ message: "Field 'x' doesn't exist" }] };
    });
    await expect(client("{ x }")).rejects.toThrow("Field 'x' doesn't exist");
    expect(calls).toBe(1);
  });
});

import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookUrlProblem } from "~/handoff/webhook-url.server";
import { startTestApp, type TestApp } from "../support/app-server";

/**
 * Issue 16 item 5: a handoff webhook URL cannot point the server at internal addresses. Refused
 * when the settings are saved (the field is named), and again when a lead is delivered (a URL
 * stored before the check, or by hand): the internal listener is never reached and the delivery log
 * does not tell open from closed ports. No PALOMPY_WOO_ALLOW_PRIVATE_HOSTS here.
 */

let app: TestApp;
let internal: { hits: number; port: number; close(): Promise<void> };
let shop: { id: string; publicKey: string };

beforeAll(async () => {
  const state = { hits: 0 };
  const server = http.createServer((_req, res) => {
    state.hits++;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  internal = {
    get hits() {
      return state.hits;
    },
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  app = await startTestApp({ PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_EMBEDDER: "local" });
  shop = await app.createShop("Handoff SSRF");
});
afterAll(async () => {
  await app?.close();
  await internal?.close();
});

const patch = (settings: unknown) => app.admin(`/api/shops/${shop.id}/settings`, { method: "PATCH", body: JSON.stringify(settings) });

describe("handoff webhook URLs", () => {
  it("refuses loopback, private, link-local, metadata, NAT64 and mapped addresses at save, naming the field", async () => {
    for (const url of [
      `http://127.0.0.1:${internal.port}/hook`,
      `http://localhost:${internal.port}/hook`,
      `http://[::1]:${internal.port}/`,
      `http://[::ffff:127.0.0.1]:${internal.port}/`,
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/",
      "http://[fe90::1]/",
      "http://[64:ff9b::a9fe:a9fe]/",
      "http://[::7f00:1]/",
    ]) {
      const response = await patch({ handoff: { webhookUrl: url } });
      const body = await response.json();
      expect({ url, status: response.status, field: body.error?.field }).toEqual({ url, status: 422, field: "handoff.webhookUrl" });
    }
    expect((await patch({ handoff: { webhookUrl: "https://hooks.example.com/palompy" } })).status).toBe(200);
  });

  it("requires https in production", () => {
    const production = { env: "production", woocommerce: { allowPrivateHosts: false } };
    expect(webhookUrlProblem(production, "http://hooks.example.com/palompy")).toBe("must use https");
    expect(webhookUrlProblem(production, "https://hooks.example.com/palompy")).toBeNull();
    expect(webhookUrlProblem({ ...production, env: "development" }, "http://hooks.example.com/palompy")).toBeNull();
  });

  it("a URL stored before the check is refused at delivery: the listener is never reached, the log names no port", async () => {
    await app.context.db.prisma.shop.update({
      where: { id: shop.id },
      data: { settings: { handoff: { webhookUrl: `http://127.0.0.1:${internal.port}/hook` } } },
    });
    const response = await fetch(`${app.url}/api/handoff`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: randomUUID(), email: "ann@example.com", message: "Call me" }),
    });
    expect(response.status).toBe(202);
    const { leadId } = await response.json();
    let rows: Array<{ ok: boolean; error: string | null }> = [];
    for (let i = 0; i < 200 && !rows.length; i++) {
      rows = await app.context.db.prisma.handoffDelivery.findMany({ where: { leadId } });
      if (!rows.length) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0].ok).toBe(false);
    expect(rows[0].error).toMatch(/must not point to a local or private address/);
    expect(rows[0].error).not.toContain(String(internal.port));
    expect(internal.hits).toBe(0);
  });
});

import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asksForPerson } from "~/chat/handoff-intent";
import { startTestApp, type TestApp } from "../support/app-server";

/** A real SMTP server on 127.0.0.1 keeping every message it accepts. */
async function startSmtp() {
  const messages: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        // Soft line breaks of quoted-printable bodies joined back, so assertions read the text.
        const raw = Buffer.concat(chunks).toString("utf8").replace(/=\r?\n/g, "");
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { messages, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A webhook receiver that fails its first `failures` calls with 500. */
async function startReceiver(failures: number) {
  const calls: { headers: http.IncomingHttpHeaders; body: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const status = calls.length < failures ? 500 : 200;
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { calls, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const waitFor = async <T>(read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> => {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let shop: { id: string; publicKey: string; apiKey: string };

beforeAll(async () => {
  smtp = await startSmtp();
  receiver = await startReceiver(2);
  // The receiver listens on 127.0.0.1: the development switch lets the outbound client reach it.
  app = await startTestApp({ SMTP_URL: smtp.url, PALOMPY_HANDOFF_RETRY_BASE_MS: "1000", PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_EMBEDDER: "local", PALOMPY_WOO_ALLOW_PRIVATE_HOSTS: "1" });
  shop = await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Handoff Store" }) })).json();
  const saved = await app.admin(`/api/shops/${shop.id}/settings`, {
    method: "PATCH",
    body: JSON.stringify({ handoff: { email: "owner@handoff.example", webhookUrl: receiver.url }, contact: { email: "help@handoff.example" } }),
  });
  expect(saved.status).toBe(200);
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await receiver?.close();
});

const postHandoff = (body: Record<string, unknown>) =>
  fetch(`${app.url}/api/handoff`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shopPublicKey: shop.publicKey, ...body }) });

describe("handoff to a person", () => {
  it("recognises a request for a person in English and Russian, not ordinary questions", () => {
    for (const yes of ["Can I talk to a human?", "I want to speak with a real person", "please call me back", "Позовите оператора", "хочу поговорить с менеджером", "соедините с живым человеком"]) {
      expect(asksForPerson(yes), yes).toBe(true);
    }
    for (const no of ["Is this jacket good for a person who runs?", "Do you have gifts for a manager?", "Какие есть куртки?"]) {
      expect(asksForPerson(no), no).toBe(false);
    }
  });

  it("the chat reply carries handoff: true when the shopper asks for a person or gets no answer", async () => {
    const ask = async (message: string) =>
      (await (await fetch(`${app.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId: randomUUID(), message }) })).json()) as {
        handoff: boolean;
      };
    expect((await ask("Can I talk to a human please?")).handoff).toBe(true);
    expect((await ask("Hello")).handoff).toBe(false);
  });

  it("validates the form, naming the field", async () => {
    const noContact = await postHandoff({ sessionId: randomUUID(), name: "Ann" });
    expect(noContact.status).toBe(422);
    expect((await noContact.json()).error.field).toBe("email");
    const badEmail = await postHandoff({ sessionId: randomUUID(), email: "nope" });
    expect((await badEmail.json()).error.field).toBe("email");
    expect((await postHandoff({ sessionId: "x", email: "a@b.example" })).status).toBe(422);
    expect((await postHandoff({ sessionId: randomUUID(), email: "a@b.example", shopPublicKey: randomUUID() })).status).toBe(404);
  });

  it("stores the lead, emails the merchant over SMTP and posts a signed webhook, retrying failures with a delivery log", async () => {
    const sessionId = randomUUID();
    const response = await postHandoff({ sessionId, name: "Ann Shopper", email: "ann@example.com", message: "Please call me about a bulk order", pageUrl: "https://handoff.example/p/1" });
    expect(response.status).toBe(202);
    const { leadId } = await response.json();

    const mail = await waitFor(() => smtp.messages, (messages) => messages.length >= 1);
    expect(mail[0].to).toEqual(["owner@handoff.example"]);
    expect(mail[0].raw).toContain("Ann Shopper");
    expect(mail[0].raw).toContain("Please call me about a bulk order");
    expect(mail[0].raw).toMatch(/Reply-To: ann@example\.com/i);

    const calls = await waitFor(() => receiver.calls, (c) => c.length >= 3);
    expect(calls.map((c) => c.status)).toEqual([500, 500, 200]);
    const { webhookSigningSecret } = await (await app.admin(`/api/shops/${shop.id}/settings`)).json();
    for (const call of calls) {
      const expected = `sha256=${createHmac("sha256", webhookSigningSecret).update(call.body).digest("hex")}`;
      expect(call.headers["x-palompy-signature"]).toBe(expected);
    }
    expect(JSON.parse(calls[2].body)).toMatchObject({ event: "lead.handoff", deliveryId: leadId, lead: { email: "ann@example.com", message: "Please call me about a bulk order" } });

    const log = await waitFor(
      () => app.context.db.prisma.handoffDelivery.findMany({ where: { leadId }, orderBy: { createdAt: "asc" } }),
      (rows) => rows.filter((row) => row.channel === "webhook").length >= 3,
    );
    // Email succeeded on the first call and was not sent again when the webhook was retried.
    expect(log.filter((row) => row.channel === "email").map((row) => row.ok)).toEqual([true]);
    expect(log.filter((row) => row.channel === "webhook").map((row) => [row.attempt, row.ok, row.status])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, true, 200],
    ]);
    expect(smtp.messages).toHaveLength(1);
    // The retries are the job queue's: one handoff job for the lead, with the handoff's retry limit.
    const job = await waitFor(
      () => app.context.db.prisma.backgroundJob.findFirstOrThrow({ where: { shopId: shop.id, kind: "handoff-deliver", singletonKey: `handoff:${leadId}` } }),
      (row) => row.state === "succeeded",
    );
    const [queued] = await app.context.db.prisma.$queryRaw<{ retry_limit: number; retry_count: number }[]>`SELECT retry_limit, retry_count FROM pgboss.job WHERE id = ${job.id}::uuid`;
    expect(queued).toEqual({ retry_limit: 5, retry_count: 2 });
    const lead = await app.context.db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
    expect(lead).toMatchObject({ intent: "handoff", status: "new", notes: "Please call me about a bulk order" });
  });

  it("is rate-limited per session", async () => {
    const sessionId = randomUUID();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await postHandoff({ sessionId, phone: "+7 900 000 00 00" })).status);
    expect(statuses.slice(0, 5).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asksForPerson } from "~/chat/handoff-intent";
import { confirmationToken, HANDOFF_CONFIRM_JOB_KIND } from "~/handoff/email-confirmation.server";
import { startTestApp, type TestApp } from "../support/app-server";
import { ConsoleClient } from "./console-client";

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
  // The owner of the address confirms it (the flow itself is tested below); the delivery tests start from there.
  expect((await confirmFromMail("owner@handoff.example")).status).toBe(200);
  smtp.messages.length = 0;
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await receiver?.close();
});

const postHandoff = (body: Record<string, unknown>, publicKey = shop.publicKey) =>
  fetch(`${app.url}/api/handoff`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ shopPublicKey: publicKey, ...body }) });

/** The token of the last confirmation link mailed to `to`. */
async function confirmationLinkTo(to: string): Promise<string> {
  const mails = await waitFor(
    () => smtp.messages.filter((message) => message.to.includes(to) && message.raw.includes("/handoff/confirm?token=")),
    (found) => found.length >= 1,
  );
  // The body is quoted-printable: "=" travels as "=3D".
  const body = mails.at(-1)!.raw.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return /\/handoff\/confirm\?token=([A-Za-z0-9_.-]+)/.exec(body)![1];
}

const confirmPost = (token: string) =>
  fetch(`${app.url}/handoff/confirm`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }).toString() });

async function confirmFromMail(to: string) {
  return confirmPost(await confirmationLinkTo(to));
}

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

describe("a handoff email address receives mail only once confirmed", () => {
  const handoffJobDone = (shopId: string, leadId: string) =>
    waitFor(
      () => app.context.db.prisma.backgroundJob.findFirst({ where: { shopId, kind: "handoff-deliver", singletonKey: `handoff:${leadId}` } }),
      (row) => row?.state === "succeeded",
    );
  const mailsTo = (to: string) => smtp.messages.filter((message) => message.to.includes(to));
  const settingsOf = async (shopId: string) => (await (await app.admin(`/api/shops/${shopId}/settings`)).json()).handoffEmail;

  it("sends a link to a new address, delivers nothing there until a click confirms it, and starts over when the address changes", async () => {
    const tenant = (await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name: "Self-registered Store" }) })).json()) as typeof shop;
    const patched = await app.admin(`/api/shops/${tenant.id}/settings`, { method: "PATCH", body: JSON.stringify({ handoff: { email: "target@victim.example" } }) });
    expect(patched.status).toBe(200);
    expect((await patched.json()).handoffEmail).toEqual({ address: "target@victim.example", status: "waiting_for_confirmation", confirmationSent: true });
    const token = await confirmationLinkTo("target@victim.example");
    const [linkMail] = mailsTo("target@victim.example");
    // The confirmation carries no shopper's Reply-To, and is the only mail the address has had.
    expect(linkMail.raw).not.toMatch(/Reply-To/i);
    // The tenant's console says so next to the address.
    const merchant = new ConsoleClient(app.url);
    expect((await merchant.logIn(tenant.apiKey)).status).toBeLessThan(400);
    expect(await merchant.page("/admin/settings")).toContain("Waiting for confirmation: nothing is emailed to target@victim.example");

    // A shopper's request while the address waits: no email (the lead and its other channels are unaffected).
    const before = await postHandoff({ sessionId: randomUUID(), name: "Mallory", email: "phish@attacker.example", message: "Your account is locked, reply with your password" }, tenant.publicKey);
    expect(before.status).toBe(202);
    const job = await handoffJobDone(tenant.id, (await before.json()).leadId);
    expect(job!.result).toMatchObject({ delivered: [], skipped: ["email_unconfirmed"] });
    expect(mailsTo("target@victim.example")).toHaveLength(1);

    // Opening the link (a mail scanner's GET or HEAD included) only asks for the click.
    const opened = await fetch(`${app.url}/handoff/confirm?token=${token}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await opened.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain("Self-registered Store");
    expect((await fetch(`${app.url}/handoff/confirm?token=${token}`, { method: "HEAD" })).status).toBe(200);
    expect(await settingsOf(tenant.id)).toEqual({ address: "target@victim.example", status: "waiting_for_confirmation" });

    // A forged or altered token confirms nothing.
    const [payload, signature] = token.split(".");
    expect((await confirmPost(`${payload}.${signature.slice(0, -2)}AA`)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify({ s: tenant.id, e: "target@victim.example", x: 4_102_444_800 })).toString("base64url");
    expect((await confirmPost(`${forged}.${signature}`)).status).toBe(400);
    expect((await confirmPost("")).status).toBe(400);
    // An expired one neither.
    const expired = confirmationToken(app.context.config.secretKey.value, { shopId: tenant.id, email: "target@victim.example", expiresAt: Date.now() - 1000 });
    expect((await confirmPost(expired)).status).toBe(410);
    expect(await settingsOf(tenant.id)).toMatchObject({ status: "waiting_for_confirmation" });

    // A new link on request, from the API and from the console's button (the old link stays valid until it expires).
    const resent = await app.admin(`/api/shops/${tenant.id}/handoff-email-confirmation`, { method: "POST" });
    expect(resent.status).toBe(200);
    expect((await resent.json()).handoffEmail).toEqual({ address: "target@victim.example", status: "waiting_for_confirmation", confirmationSent: true });
    await waitFor(() => mailsTo("target@victim.example").length, (count) => count === 2);
    expect((await merchant.post("/admin/settings", { intent: "resend-handoff-confirmation", greeting: "not saved by this button" })).status).toBe(200);
    await waitFor(() => mailsTo("target@victim.example").length, (count) => count === 3);
    expect(await merchant.page("/admin/settings")).not.toContain("not saved by this button");
    // A confirmed address needs no link.
    const needless = await app.admin(`/api/shops/${shop.id}/handoff-email-confirmation`, { method: "POST" });
    expect(await needless.json()).toEqual({ handoffEmail: { address: "owner@handoff.example", status: "confirmed", confirmationSent: false } });

    // The click.
    const confirmed = await confirmPost(token);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("target@victim.example");
    expect(await settingsOf(tenant.id)).toEqual({ address: "target@victim.example", status: "confirmed" });
    expect(await merchant.page("/admin/settings")).toContain("target@victim.example is confirmed");
    const after = await postHandoff({ sessionId: randomUUID(), name: "Ann", email: "ann@example.com", message: "Call me" }, tenant.publicKey);
    await handoffJobDone(tenant.id, (await after.json()).leadId);
    const delivered = mailsTo("target@victim.example").filter((message) => message.raw.includes("wants to talk to you"));
    expect(delivered).toHaveLength(1);
    expect(delivered[0].raw).toMatch(/Reply-To: ann@example\.com/i);

    // Another address: waiting again, and the old link does not confirm it.
    const changed = await app.admin(`/api/shops/${tenant.id}/settings`, { method: "PATCH", body: JSON.stringify({ handoff: { email: "other@victim.example" } }) });
    expect((await changed.json()).handoffEmail).toMatchObject({ address: "other@victim.example", status: "waiting_for_confirmation" });
    expect((await confirmPost(token)).status).toBe(409);
    // Back to the first address: confirmed no longer, a new link is needed.
    const back = await app.admin(`/api/shops/${tenant.id}/settings`, { method: "PATCH", body: JSON.stringify({ handoff: { email: "target@victim.example" } }) });
    expect((await back.json()).handoffEmail).toMatchObject({ status: "waiting_for_confirmation" });
    const third = await postHandoff({ sessionId: randomUUID(), email: "eve@example.com" }, tenant.publicKey);
    await handoffJobDone(tenant.id, (await third.json()).leadId);
    expect(mailsTo("target@victim.example").filter((message) => message.raw.includes("eve@example.com"))).toHaveLength(0);
    expect(mailsTo("other@victim.example").filter((message) => message.raw.includes("wants to talk to you"))).toHaveLength(0);
    // Saving other fields sends no link again: one job per address change or request, five in all.
    const greeted = await app.admin(`/api/shops/${tenant.id}/settings`, { method: "PATCH", body: JSON.stringify({ greeting: "Hi!" }) });
    expect((await greeted.json()).handoffEmail).toEqual({ address: "target@victim.example", status: "waiting_for_confirmation" });
    expect(await app.context.db.prisma.backgroundJob.count({ where: { shopId: tenant.id, kind: "handoff-confirm-email" } })).toBe(5);
  });

  it("sends at most 5 confirmation links per shop per hour", async () => {
    const tenant = await app.createShop("Spraying Store");
    const nothingToConfirm = await app.admin(`/api/shops/${tenant.id}/handoff-email-confirmation`, { method: "POST" });
    expect(nothingToConfirm.status).toBe(422);
    expect((await nothingToConfirm.json()).error.field).toBe("handoff.email");
    const sent: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await app.admin(`/api/shops/${tenant.id}/settings`, { method: "PATCH", body: JSON.stringify({ handoff: { email: `spray${i}@victim.example` } }) });
      sent.push((await response.json()).handoffEmail.confirmationSent);
    }
    expect(sent).toEqual([true, true, true, true, true, false, false]);
  });

  it("mails the Shopify store's own contact email (vouched for by Shopify) without a link", async () => {
    const vouched = await app.context.db.prisma.shop.create({
      data: { name: "Vouched Store", platform: "shopify", domain: "vouched-store.myshopify.com", shopifyInstallation: { create: { contactEmail: "Owner@Vouched.example" } } },
    });
    const patched = await app.admin(`/api/shops/${vouched.id}/settings`, { method: "PATCH", body: JSON.stringify({ handoff: { email: "owner@vouched.example" } }) });
    expect((await patched.json()).handoffEmail).toEqual({ address: "owner@vouched.example", status: "vouched", confirmationSent: false });
    const response = await postHandoff({ sessionId: randomUUID(), email: "ann@example.com" }, vouched.publicKey);
    await handoffJobDone(vouched.id, (await response.json()).leadId);
    const mails = mailsTo("owner@vouched.example");
    expect(mails).toHaveLength(1);
    expect(mails[0].raw).toContain("wants to talk to you");
    // Any other address of that store still needs its link.
    const other = await app.admin(`/api/shops/${vouched.id}/settings`, { method: "PATCH", body: JSON.stringify({ handoff: { email: "someone@else.example" } }) });
    expect((await other.json()).handoffEmail).toMatchObject({ status: "waiting_for_confirmation", confirmationSent: true });
    // Its link goes out: wait for it, so the sending job is not cut off by the app closing after this test.
    expect(await confirmationLinkTo("someone@else.example")).toBeTruthy();
    await waitFor(
      () => app.context.db.prisma.backgroundJob.findMany({ where: { shopId: vouched.id, kind: HANDOFF_CONFIRM_JOB_KIND } }),
      (jobs) => jobs.length > 0 && jobs.every((job) => job.state === "succeeded"),
    );
  });
});

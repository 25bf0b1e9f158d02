import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../support/app-server";
import { ConsoleClient } from "./console-client";

let app: TestApp;
type Shop = { id: string; publicKey: string; apiKey: string; name: string };
let shop: Shop;
let other: Shop;

beforeAll(async () => {
  app = await startTestApp({ PALOMPY_RATE_ADMIN_PER_IP: "100000", PALOMPY_RATE_PUBLIC_PER_IP: "100000", PALOMPY_EMBEDDER: "local" });
  const create = async (name: string) => ({ ...((await (await app.admin("/api/shops", { method: "POST", body: JSON.stringify({ name }) })).json()) as Shop), name });
  shop = await create("Alpine Console Store");
  other = await create("Other Console Store");
});
afterAll(() => app?.close());

describe("console login and session", () => {
  it("sends a logged-out visitor to the login page", async () => {
    const client = new ConsoleClient(app.url);
    const response = await client.get("/admin");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin/login");
  });

  it("logs in with the shop key into an httpOnly, SameSite, signed session cookie", async () => {
    const client = new ConsoleClient(app.url);
    await client.page("/admin/login");
    const login = await client.post("/admin/login", { intent: "login", key: shop.apiKey });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/admin");
    const cookie = login.headers.getSetCookie().join("\n");
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toContain(shop.apiKey);
    const overview = await client.page("/admin");
    expect(overview).toContain("Alpine Console Store");
    expect(overview).toContain("Conversations");
    expect(overview).toContain('href="/admin/surveys"');
    expect(overview).toContain('href="/admin/analytics"');
  });

  it("refuses a wrong key, a login without the CSRF token, and a forged cookie", async () => {
    const client = new ConsoleClient(app.url);
    const wrong = await client.logIn("psk_wrong");
    expect(wrong.status).toBe(401);
    const noCsrf = await client.post("/admin/login", { intent: "login", key: shop.apiKey }, { csrf: null });
    expect(noCsrf.status).toBe(403);
    const forged = await fetch(`${app.url}/admin`, { headers: { cookie: `__palompy_console=${Buffer.from(JSON.stringify({ shopId: shop.id })).toString("base64")}` }, redirect: "manual" });
    expect(forged.status).toBe(302);
  });

  it("the operator token picks a shop, and logout ends the session", async () => {
    const client = new ConsoleClient(app.url);
    const login = await client.logIn(TEST_ADMIN_TOKEN);
    expect(login.headers.get("location")).toBe("/admin/login?pick=1");
    const picker = await client.page("/admin/login?pick=1");
    expect(picker).toContain("Other Console Store");
    const picked = await client.post("/admin/login", { intent: "pick", shopId: other.id });
    expect(picked.headers.get("location")).toBe("/admin");
    expect(await client.page("/admin")).toContain("Other Console Store");
    const forgedLogout = await client.post("/admin/logout", {}, { csrf: "nope" });
    expect(forgedLogout.status).not.toBe(302);
    const logout = await client.post("/admin/logout", {});
    expect(logout.status).toBe(302);
    expect((await client.get("/admin")).status).toBe(302);
  });

  it("a shop key cannot pick another shop", async () => {
    const client = new ConsoleClient(app.url);
    await client.logIn(shop.apiKey);
    await client.page("/admin");
    const pick = await client.post("/admin/login", { intent: "pick", shopId: other.id });
    expect(pick.status).toBe(403);
    expect(await client.page("/admin")).toContain("Alpine Console Store");
  });

  it("a one-time console link logs in once, then is spent", async () => {
    const { url } = (await (await app.admin(`/api/shops/${shop.id}/console-links`, { method: "POST" })).json()) as { url: string };
    const path = new URL(url).pathname + new URL(url).search;
    const client = new ConsoleClient(app.url);
    const first = await client.get(path);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/admin");
    expect(await client.page("/admin")).toContain("Alpine Console Store");
    const again = await new ConsoleClient(app.url).get(path);
    expect(again.status).toBe(410);
    const tampered = await new ConsoleClient(app.url).get(path.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
    expect(tampered.status).toBe(410);
  });
});

describe("console pages", () => {
  let client: ConsoleClient;
  beforeAll(async () => {
    client = new ConsoleClient(app.url);
    await client.logIn(shop.apiKey);
  });

  it("renders every page with the Polaris stylesheet", async () => {
    for (const path of ["/admin", "/admin/conversations", "/admin/leads", "/admin/settings", "/admin/knowledge", "/admin/install"]) {
      const html = await client.page(path);
      expect(html, path).toMatch(/<link rel="stylesheet" href="\/assets\/styles-[^"]+\.css"/);
    }
  });

  it("saves settings from the form (CSRF required), names a bad field, and the widget config follows", async () => {
    await client.page("/admin/settings");
    const refused = await client.post("/admin/settings?index", { greeting: "Hacked" }, { csrf: "wrong" });
    expect(refused.status).toBe(403);
    const bad = await client.post("/admin/settings", { "greeting.en": "Hi", "contact.email": "nope" });
    expect(bad.status).toBe(422);
    const saved = await client.post("/admin/settings", {
      "greeting.en": "Welcome to Alpine!",
      "greeting.ru": "Добро пожаловать в Alpine!",
      "contact.email": "help@alpine.example",
      "quickPrompts.en": "Where is my order?\nDo you ship abroad?",
      "perks.en.returnsDays": "30",
      synonyms: "parka, down jacket",
      position: "bottom-left",
    });
    expect(saved.status).toBe(200);
    const config = await (await fetch(`${app.url}/api/widget/config?shopPublicKey=${shop.publicKey}`)).json();
    expect(config).toMatchObject({ greeting: { en: "Welcome to Alpine!", ru: "Добро пожаловать в Alpine!" }, position: "bottom-left", quickPrompts: { en: ["Where is my order?", "Do you ship abroad?"] }, perks: { en: { returnsDays: 30 } } });
    const settings = await (await app.admin(`/api/shops/${shop.id}/settings`)).json();
    expect(settings.settings.synonyms).toEqual([["parka", "down jacket"]]);
    // The form shows each language's greeting in its own field again.
    const form = await client.page("/admin/settings");
    expect(form).toContain("Welcome to Alpine!");
    expect(form).toContain("Добро пожаловать в Alpine!");
  });

  it("shows a conversation and its transcript; another shop's conversation is not found", async () => {
    const sessionId = randomUUID();
    const reply = await (
      await fetch(`${app.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shopPublicKey: shop.publicKey, sessionId, message: "Do you sell snowshoes? My email is ann@example.com" }),
      })
    ).json();
    const list = await client.page("/admin/conversations");
    expect(list).toContain("Do you sell snowshoes?");
    const transcript = await client.page(`/admin/conversations/${reply.conversationId}`);
    expect(transcript).toContain("ann@example.com");
    expect(transcript).toContain("offline");
    const otherReply = await (
      await fetch(`${app.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shopPublicKey: other.publicKey, sessionId: randomUUID(), message: "Secret question of the other shop" }),
      })
    ).json();
    expect((await client.get(`/admin/conversations/${otherReply.conversationId}`)).status).toBe(404);
    expect(await client.page("/admin/conversations")).not.toContain("Secret question");
  });

  it("changes a lead's status and downloads the CSV", async () => {
    const html = await client.page("/admin/leads");
    expect(html).toContain("ann@example.com");
    const lead = await app.context.db.prisma.lead.findFirstOrThrow({ where: { shopId: shop.id } });
    const changed = await client.post("/admin/leads", { leadId: lead.id, status: "closed" });
    expect(changed.status).toBe(200);
    expect((await app.context.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("closed");
    const otherLead = await app.context.db.prisma.lead.create({ data: { shopId: other.id, sessionId: randomUUID(), email: "x@other.example" } });
    expect((await client.post("/admin/leads", { leadId: otherLead.id, status: "closed" })).status).toBe(404);
    const csv = await client.get("/admin/leads.csv");
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain("ann@example.com");
    expect(text).not.toContain("x@other.example");
    expect((await new ConsoleClient(app.url).get("/admin/leads.csv")).status).toBe(302);
  });

  it("uploads a CSV of knowledge, tries a question with sources and scores, and deletes one item", async () => {
    await client.page("/admin/knowledge");
    const csv = [
      "type,id,name,description,price,currency,tags,question,answer,title,content",
      'product,snow-1,Trail Snowshoes,"Aluminium snowshoes for deep powder, with ""heel lift"".",12990,RUB,winter|hiking,,,,',
      "faq,faq-ship,,,,,,How fast is shipping?,Shipping takes 2 to 4 days.,,",
      "policy,returns,,,,,,,,Returns,Return unworn items within 30 days.",
    ].join("\r\n");
    const form = new FormData();
    form.set("intent", "upload");
    form.set("mode", "merge");
    form.set("file", new File([csv], "knowledge.csv", { type: "text/csv" }));
    const upload = await client.postMultipart("/admin/knowledge", form);
    expect(upload.status).toBe(200);
    const listed = await (await app.admin(`/api/shops/${shop.id}/knowledge`)).json();
    expect(listed.counts).toMatchObject({ product: 1, faq: 1, policy: 1 });
    expect(await client.page("/admin/knowledge")).toContain("Trail Snowshoes");

    const badCsv = new FormData();
    badCsv.set("intent", "upload");
    badCsv.set("file", new File(["type,colour\nproduct,red"], "bad.csv", { type: "text/csv" }));
    const refused = await client.postMultipart("/admin/knowledge", badCsv);
    expect(refused.status).toBe(422);

    const tried = await client.post("/admin/knowledge", { intent: "try", question: "Do you have snowshoes?" });
    expect(tried.status).toBe(200);
    const answer = await tried.text();
    expect(answer).toContain("Trail Snowshoes");
    expect(answer).toMatch(/Similarity/);
    expect(answer).toMatch(/0\.\d{3}/);

    const deleted = await client.post("/admin/knowledge", { intent: "delete", sourceType: "product", sourceId: "snow-1" });
    expect(deleted.status).toBe(200);
    expect((await (await app.admin(`/api/shops/${shop.id}/knowledge`)).json()).counts.product).toBe(0);
    const missing = await client.post("/admin/knowledge", { intent: "delete", sourceType: "product", sourceId: "snow-1" });
    expect(missing.status).toBe(404);
  });

  it("runs uploads as import jobs: the removal guard asks first, and the page shows each import's progress", async () => {
    const upload = (csv: string, fields: Record<string, string>) => {
      const form = new FormData();
      form.set("intent", "upload");
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      form.set("file", new File([csv], "knowledge.csv", { type: "text/csv" }));
      return client.postMultipart("/admin/knowledge", form);
    };
    const header = "type,id,name,description,price,currency,tags,question,answer,title,content";
    const kept = ["Lantern", "Stove", "Mug"].map((name, i) => `product,keep-${i + 1},Kept ${name},A ${name.toLowerCase()}.,990,RUB,,,,,`);
    expect((await upload([header, ...kept].join("\r\n"), { mode: "merge" })).status).toBe(200);
    const replacement = `${header}\r\nproduct,new-1,New Kettle,A kettle.,490,RUB,,,,,`;
    const refused = await upload(replacement, { mode: "full" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("would remove 3 of the shop");
    expect((await (await app.admin(`/api/shops/${shop.id}/knowledge?sourceType=product`)).json()).items.map((item: { sourceId: string }) => item.sourceId).sort()).toEqual(["keep-1", "keep-2", "keep-3"]);
    expect((await upload(replacement, { mode: "full", confirmRemoval: "on" })).status).toBe(200);
    const after = await (await app.admin(`/api/shops/${shop.id}/knowledge?sourceType=product`)).json();
    expect(after.items.map((item: { sourceId: string }) => item.sourceId)).toEqual(["new-1"]);
    // A CSV of products names only the products section: the FAQ and the policy stay.
    expect(after.counts).toMatchObject({ product: 1, faq: 1, policy: 1 });

    const imports = (await (await app.admin(`/api/shops/${shop.id}/jobs?kind=knowledge-import`)).json()).jobs;
    expect(imports.length).toBeGreaterThanOrEqual(2);
    expect(imports.every((job: { state: string }) => job.state === "succeeded")).toBe(true);
    // A large import still running: its bar and counts show (and another shop's never do).
    const running = await app.context.db.prisma.backgroundJob.create({ data: { shopId: shop.id, kind: "knowledge-import", state: "running", progressDone: 40, progressTotal: 160 } });
    const elsewhere = await app.context.db.prisma.backgroundJob.create({ data: { shopId: other.id, kind: "knowledge-import", state: "running", progressDone: 7, progressTotal: 9 } });
    try {
      const page = await client.page("/admin/knowledge");
      expect(page).toContain("Imports");
      expect(page).toContain("40 of 160 items");
      expect(page).toMatch(/role="progressbar"[^>]*aria-valuenow="25"|aria-valuenow="25"[^>]*role="progressbar"|<progress[^>]*value="25"/);
      expect(page).not.toContain("7 of 9 items");
    } finally {
      await app.context.db.prisma.backgroundJob.deleteMany({ where: { id: { in: [running.id, elsewhere.id] } } });
    }
  });

  it("shows the install snippet with the shop's public key and rotates the API key once", async () => {
    const html = await client.page("/admin/install");
    expect(html).toContain(`data-shop-id=&quot;${shop.publicKey}&quot;`);
    const rotated = await client.post("/admin/install", {});
    expect(rotated.status).toBe(200);
    const apiCheck = await fetch(`${app.url}/api/shops/${shop.id}/settings`, { headers: { authorization: `Bearer ${shop.apiKey}` } });
    expect(apiCheck.status).toBe(401);
  });
});

// Contact requests in shoppers' own words (issue 19, kind 6, round 4): a request to be contacted is
// confirmed as one, the lead keeps what it is about even when the reason and the details come in
// different turns, and a question with contact details in passing is still answered as a question.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { asksForOffer, asksForPerson } from "~/chat/handoff-intent";
import { requestReason } from "~/chat/contact-turn";
import { nameBesideContact } from "~/chat/lead-extractor";
import { demoShopForFile } from "./support";

const { running, ask } = demoShopForFile();

const leadOf = async (sessionId: string) => running.db.prisma.lead.findFirst({ where: { shopId: running.shop.id, sessionId } });

describe("a contact request asked before the details are given", () => {
  it("«Хочу оптом купить 15 палаток…, свяжитесь со мной» asks for details, then keeps the reason with them", async () => {
    const sessionId = randomUUID();
    const first = (await ask("Хочу оптом купить 15 палаток для турклуба, свяжитесь со мной", sessionId)).reply;
    expect(first.answer).toMatch(/^Конечно, с вами свяжется сотрудник магазина по вашему запросу \(«оптом купить 15 палаток для турклуба»\): оставьте/);
    expect(first.answer).not.toMatch(/не нашёл|К сожалению/);
    expect(first.handoff).toBe(true);
    expect(first.sources).toEqual([]);

    const second = (await ask("Сергей, +7 999 111 22 33", sessionId)).reply;
    expect(second.answer).toMatch(/^Спасибо, Сергей! Я передал магазину ваши контакты и ваш запрос \(«оптом купить 15 палаток для турклуба»\)/);
    expect(await leadOf(sessionId)).toMatchObject({ name: "Сергей", phone: "+79991112233", intent: "contact_request", notes: "оптом купить 15 палаток для турклуба" });
  });

  it('"can a manager contact me?" after a bulk request is a contact request in English too, not a FAQ answer', async () => {
    const sessionId = randomUUID();
    const first = (await ask("I want to buy 12 sleeping bags for our scout group, can a manager contact me?", sessionId)).reply;
    expect(first.answer).toMatch(/^Of course — someone from the store will get in touch about your request \("buy 12 sleeping bags for our scout group"\)/);
    expect(first.handoff).toBe(true);
    const second = (await ask("sure, it's scouts@example.org", sessionId)).reply;
    expect(second.answer).toMatch(/^Thank you! I've passed your details and your request \("buy 12 sleeping bags for our scout group"\) to the store/);
    expect(await leadOf(sessionId)).toMatchObject({ email: "scouts@example.org", intent: "contact_request", notes: "buy 12 sleeping bags for our scout group" });
  });

  it("details typed long after, in a new conversation, are not tied to an old request", async () => {
    const sessionId = randomUUID();
    await ask("свяжитесь со мной, хочу заказать палатки для клуба", sessionId);
    // A greeting starts a new topic: the old request is not carried into it.
    await ask("Привет", sessionId);
    await ask("Какая палатка самая лёгкая?", sessionId);
    await ask("мой телефон 89165554433", sessionId);
    expect((await leadOf(sessionId))?.notes ?? null).toBeNull();
  });
});

describe("a contact request with the details in one message", () => {
  it("«Напишите мне на почту … когда появится …» keeps what the shopper waits for", async () => {
    const sessionId = randomUUID();
    const { reply } = await ask("Напишите мне на почту olga.k@example.ru когда появится в наличии куртка Storm Pro в размере XL", sessionId);
    expect(reply.answer).toMatch(/^Спасибо! Я передал магазину ваши контакты и ваш запрос \(«когда появится в наличии куртка Storm Pro в размере XL»\) — с вами свяжутся по email\./);
    expect(await leadOf(sessionId)).toMatchObject({ email: "olga.k@example.ru", preferredContact: "email", notes: "когда появится в наличии куртка Storm Pro в размере XL" });
  });

  it("a name set off after a sentence is the shopper's name: «…для турклуба. Ольга, 8 903 555 12 34»", async () => {
    const sessionId = randomUUID();
    const { reply } = await ask("Позвоните мне пожалуйста, хочу заказать горелки для турклуба. Ольга, 8 903 555 12 34", sessionId);
    expect(reply.answer).toMatch(/^Спасибо, Ольга! Я передал магазину ваши контакты и ваш запрос \(«заказать горелки для турклуба»\) — с вами свяжутся по телефону\./);
    expect(await leadOf(sessionId)).toMatchObject({ name: "Ольга", phone: "+79035551234", preferredContact: "phone", notes: "заказать горелки для турклуба" });
  });

  it("a request for the store's offer with contact details is a contact request, not a search (round 7)", async () => {
    const sessionId = randomUUID();
    const { reply } = await ask("Good afternoon, Priya here from Northside Scouts, priya.s@example.org — we need 12 tents for a camp, please send us a quote", sessionId);
    expect(reply.answer).toMatch(/^Thank you, Priya! I've passed your details/);
    expect(reply.sources).toEqual([]);
    expect(await leadOf(sessionId)).toMatchObject({ name: "Priya", email: "priya.s@example.org" });
    const russian = await ask("Добрый день, я Олег, турклуб «Вершина», oleg@example.ru. Нужно 20 горелок, вышлите счёт");
    expect(russian.reply.answer).toMatch(/^Спасибо, Олег! Я передал магазину ваши контакты/);
    expect(russian.reply.sources).toEqual([]);
  });

  it("a question with an email in passing is still answered as a question, even worded as a wish", async () => {
    const { reply } = await ask("I want to know if you ship to Kazakhstan, dan@example.com");
    expect(reply.answer).not.toMatch(/^Thank you! I've passed your details and your request/);
    expect(reply.sources.length).toBeGreaterThan(0);
  });
});

describe("the parts, on their own", () => {
  it("asks for a person or to be contacted, not for a product for one", () => {
    for (const yes of ["can a manager contact me?", "please get back to me", "is there a human I can chat with?", "Is there a real person here?", "свяжитесь со мной", "позвоните мне завтра", "есть живой человек?", "дайте консультанта", "дай человека, пожалуйста"]) {
      expect(asksForPerson(yes), yes).toBe(true);
    }
    for (const no of ["Will the parcel reach me by Friday?", "Is there a manager discount?", "email me the size chart", "напишите мне состав куртки", "У вас есть человек на складе в субботу по поводу заказа"]) {
      expect(asksForPerson(no), no).toBe(false);
    }
  });

  it("asks for the store's offer (a quote, an invoice, a price list), not for a product's price", () => {
    for (const yes of ["could you email us a quotation?", "send me an invoice", "send the price list please", "пришлите КП", "скиньте прайс", "отправьте нам коммерческое предложение"]) {
      expect(asksForOffer(yes), yes).toBe(true);
    }
    for (const no of ["how much is the tent?", "what's your best offer on boots?", "send it to my office", "пришлите курьером", "прайс какой на палатки?", "КП у вас есть?", "вышлите кпд"]) {
      expect(asksForOffer(no), no).toBe(false);
    }
  });

  it("the reason: after about / по поводу, else what is wanted or waited for, never the contact itself", () => {
    expect(requestReason("please call me about the tent, 8 916 111 22 33")).toEqual({ text: "the tent", kind: "about" });
    expect(requestReason("I'd like to order 30 mugs for our office")).toEqual({ text: "order 30 mugs for our office", kind: "request" });
    expect(requestReason("email me once the blue kettle is back in stock")).toEqual({ text: "once the blue kettle is back in stock", kind: "request" });
    expect(requestReason("I'd like to speak to a real person please")).toBeUndefined();
    expect(requestReason("call me when you can")).toBeUndefined();
  });

  it("a name beside a contact detail across a sentence's end, never a word of the sentence", () => {
    expect(nameBesideContact("Please contact me regarding towels for my hotel. Anna, anna@hotel.example")).toBe("Anna");
    expect(nameBesideContact("Call me about the Storm Pro. 8 916 111 22 33")).toBeUndefined();
    expect(nameBesideContact("my address is anna.lee@hotel.example")).toBeUndefined();
    expect(nameBesideContact("Call me back. Tomorrow, 8 916 111 22 33")).toBeUndefined();
    expect(nameBesideContact("Перезвоните. Завтра, 8 916 111 22 33")).toBeUndefined();
  });
});

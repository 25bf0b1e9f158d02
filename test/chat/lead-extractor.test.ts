import { describe, expect, it } from "vitest";
import { extractLeadFields, extractName, extractOrderNumber, extractPhone } from "~/chat/lead-extractor";
import { mergeCollected } from "~/chat/leads.server";

describe("lead extraction", () => {
  it.each([
    ["пишите на anna.k+shop@mail.ru, спасибо", { email: "anna.k+shop@mail.ru" }],
    ["My email is John.Doe@Example.COM.", { email: "john.doe@example.com" }],
    ["мой телефон +7 (916) 123-45-67", { phone: "+79161234567" }],
    ["позвоните 8 916 123 45 67 пожалуйста", { phone: "+79161234567", preferredContact: "phone" }],
    ["номер 89161234567", { phone: "+79161234567" }],
    ["call me at +44 20 7946 0958", { phone: "+442079460958", preferredContact: "phone" }],
    ["my number is (415) 555-2671", { phone: "4155552671" }],
    ["где мой заказ 12345?", { orderNumber: "12345", intent: "order_status" }],
    ["where is order #1001", { orderNumber: "1001", intent: "order_status" }],
    ["номер заказа: 778899", { orderNumber: "778899", intent: "order_status" }],
    ["Заказ №4521 не пришёл, хочу вернуть деньги", { orderNumber: "4521", intent: "return" }],
    ["меня зовут Анна", { name: "Анна" }],
    ["Меня зовут анна петрова, мой email anna@site.ru", { name: "Анна", email: "anna@site.ru" }],
    ["Hi, my name is John Smith and I need a tent", { name: "John Smith" }],
    ["I'm Kate, do you ship to Berlin?", { name: "Kate" }],
    ["напишите мне в telegram", { preferredContact: "telegram" }],
  ])("%s", (text, expected) => {
    expect(extractLeadFields(text)).toEqual(expected);
  });

  it.each([
    ["I'm looking for a jacket under $150"],
    ["куртка за 12 990 ₽ есть?"],
    ["есть что-нибудь за 12990 руб.?"],
    ["between 10 000 and 20 000 RUB please"],
    ["размер 42, рост 180, вес 75"],
    ["I'm interested in the 2024 model"],
    ["#100"],
    ["Do you have №4521 in blue?"],
    ["доставка 2024-05-17 возможна?"],
    ["what about $1,299.99 ones"],
  ])("finds nothing in %s", (text) => {
    expect(extractLeadFields(text)).toEqual({});
  });

  it("does not mistake an order number for a phone", () => {
    expect(extractPhone("order #100200300400")).toBeUndefined();
    expect(extractPhone("заказ 1234567890")).toBeUndefined();
    expect(extractOrderNumber("заказ 1234567890")).toBe("1234567890");
    expect(extractLeadFields("заказ 12345, телефон +7 916 123-45-67")).toEqual({ orderNumber: "12345", phone: "+79161234567", intent: "order_status" });
  });

  it("does not mistake a price or a quantity for a phone", () => {
    expect(extractPhone("бюджет 1 000 000 ₽")).toBeUndefined();
    expect(extractPhone("$ 1 000 000 000")).toBeUndefined();
    expect(extractPhone("3.14159265358")).toBeUndefined();
  });

  it("only takes capitalised casual names", () => {
    expect(extractName("i'm looking for boots")).toBeUndefined();
    expect(extractName("I am Sure it fits")).toBeUndefined();
    expect(extractName("this is Maria")).toBe("Maria");
    expect(extractName("my name's alex")).toBe("Alex");
  });

  it('"Name here" opening a message or after its greeting introduces the shopper; "here" elsewhere does not', () => {
    expect(extractName("Hello, Priya here, can you call me back?")).toBe("Priya");
    expect(extractName("Sam here. Need 4 mugs")).toBe("Sam");
    expect(extractName("Hi, anyone here?")).toBeUndefined();
    expect(extractName("Hi, Anyone here?")).toBeUndefined();
    expect(extractName("Is the Storm Pro here in XL?")).toBeUndefined();
    expect(extractName("Delivery here takes how long?")).toBeUndefined();
  });

  it("«это Имя» after a greeting introduces the shopper, as at the start of the message; «это» elsewhere does not", () => {
    expect(extractName("Добрый день, это Ольга, хотим заказать 5 рюкзаков для школы, тел 8 903 111-22-33")).toBe("Ольга");
    expect(extractName("Привет! это Тимур, перезвоните")).toBe("Тимур");
    expect(extractName("Это Ольга, перезвоните")).toBe("Ольга");
    expect(extractName("Скажите, это Gore-Tex или нет?")).toBeUndefined();
    expect(extractName("Здравствуйте, это подойдёт для зимы?")).toBeUndefined();
  });

  it("trusts the shopper's text over the model's contact fields", () => {
    const merged = mergeCollected({ email: "real@shop.ru" }, { email: "invented@x.com", name: "Анна", phone: "not a phone", intent: "buy a tent", orderNumber: "#1001" });
    expect(merged).toEqual({ email: "real@shop.ru", name: "Анна", intent: "buy a tent", orderNumber: "1001" });
    expect(mergeCollected({}, "garbage")).toEqual({});
    expect(mergeCollected({}, { phone: "8 (916) 123-45-67", notes: 42 })).toEqual({ phone: "+79161234567" });
  });
});

import { describe, expect, it } from "vitest";
import { otherLanguageServiceQuery } from "~/chat/service-topics";

describe("a store-service question's query in the other language", () => {
  it("asks for the topic in the language the shop may have written its FAQ in", () => {
    expect(otherLanguageServiceQuery("How much does delivery cost?")?.query).toBe("доставка стоимость доставки");
    expect(otherLanguageServiceQuery("как отследить заказ?")?.query).toBe("track order tracking");
    expect(otherLanguageServiceQuery("где взять трек-номер посылки")?.query).toBe("track order tracking");
  });

  it("takes trekking gear for no tracking question («трекинговые палки» are poles, not a parcel's track)", () => {
    expect(otherLanguageServiceQuery("трекинговые палки легче 500 грамм")).toBeUndefined();
    expect(otherLanguageServiceQuery("трекинговые ботинки 44 размер")).toBeUndefined();
    expect(otherLanguageServiceQuery("трекинговых носков нет?")).toBeUndefined();
  });

  it("asks nothing when a found answer is already about the topic", () => {
    expect(otherLanguageServiceQuery("сколько стоит доставка?", [{ title: "Доставка по России" }])).toBeUndefined();
    const payment = otherLanguageServiceQuery("can I pay cash when the courier arrives", [{ title: "Delivery times" }]);
    expect(payment?.query).toBe("способы оплаты оплата");
    expect(payment?.answers({ title: "Способы оплаты" })).toBe(true);
    expect(payment?.answers({ title: "Доставка" })).toBe(false);
  });
});

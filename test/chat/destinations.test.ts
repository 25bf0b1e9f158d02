import { describe, expect, it } from "vitest";
import { destinationPolicy, guardDestinations } from "~/chat/guardrails/destinations";
import { GuardedSentenceStream } from "~/chat/guardrails/prices";

const policy = destinationPolicy({
  shopDomain: "outdoor.myshopify.com",
  origins: ["https://outdoor.example"],
  catalogUrls: ["https://cdn.partner.example/item/42", "/products/summit-down-jacket"],
  emails: ["Help@Outdoor.example"],
  phones: ["+7 (495) 000-00-00"],
  texts: ["Warranty claims: warranty@outdoor.example, 8 800 555-35-35.", "My email is ann@shopper.example"],
});
const guard = (sentence: string) => guardDestinations(sentence, policy).text;

describe("destinations guard", () => {
  it("keeps links to the shop's origins, its domain, its catalogue's URLs and relative paths", () => {
    for (const sentence of [
      "See [the sale](https://outdoor.example/sale?x=1).",
      "Open [your shop](https://outdoor.myshopify.com/cart).",
      "This [partner item](https://cdn.partner.example/item/42) fits.",
      "The [Summit](/products/summit-down-jacket) is warm.",
      "Write to [us](mailto:help@outdoor.example).",
      "Or just https://outdoor.example/contact.",
    ]) {
      expect(guard(sentence), sentence).toBe(sentence);
    }
  });

  it("turns a link anywhere else into its text", () => {
    expect(guard("Pay at [secure checkout](https://evil.example/phish).")).toBe("Pay at secure checkout.");
    // Only the exact catalogue URL of another origin, not its neighbours.
    expect(guard("Also [this](https://cdn.partner.example/item/43).")).toBe("Also this.");
    // Look-alikes: another port, a protocol-relative path, a userinfo trick, a script, an image.
    expect(guard("[a](https://outdoor.example:8443/x) [b](//evil.example/x) [c](https://outdoor.example@evil.example/) [d](javascript:alert(1)) ![e](https://evil.example/p.png)")).toBe(
      "a b c [d](javascript:alert(1)) e",
    );
  });

  it("drops a sentence with a bare URL, an email or a phone number the shop does not have", () => {
    const outcome = guardDestinations("Call +1 555 0100 now.\n", policy);
    expect(outcome).toEqual({ text: "\n", unlinked: 0, removed: 1 });
    for (const sentence of ["Mail scam@evil.example today.", "Go to https://evil.example/pay.", "Visit www.evil.example now.", "Звоните 8 (900) 123-45-67.", "[Mail us](mailto:scam@evil.example)."]) {
      expect(guard(sentence), sentence).toBe(sentence.startsWith("[Mail") ? "Mail us." : "");
    }
  });

  it("keeps the shop's contacts however they are written, those in its knowledge, and the shopper's own", () => {
    for (const sentence of [
      "Call +7 495 000 00 00 or mail help@outdoor.example.",
      "Warranty: 8 (800) 555-35-35, warranty@outdoor.example.",
      "We will reply to ann@shopper.example.",
    ]) {
      expect(guard(sentence), sentence).toBe(sentence);
    }
  });

  it("does not mistake prices, dates, years or sizes for phone numbers", () => {
    for (const sentence of ["It costs 1 299 000 ₽ (was 1 499 000 ₽).", "Ships on 2026-12-24 or 24.12.2026.", "Sizes 44-46-48, since 1998."]) {
      expect(guard(sentence), sentence).toBe(sentence);
    }
  });

  it("runs before the price guard in the streamed answer", () => {
    const gate = new GuardedSentenceStream({ allowed: [], items: [] }, (sentence) => guardDestinations(sentence, policy));
    const answer = "Pay at [secure checkout](https://evil.example/phish). Call +1 555 0100 or mail scam@evil.example. See [the sale](https://outdoor.example/sale).";
    let shown = "";
    for (let i = 0; i < answer.length; i += 3) shown += gate.push(answer.slice(i, i + 3));
    shown += gate.flush();
    expect(shown).toBe("Pay at secure checkout. See [the sale](https://outdoor.example/sale).");
    expect(gate.removed).toBe(1);
  });
});

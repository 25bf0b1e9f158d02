// A request reads its shop row's settings at several steps: the stored object is validated once, and
// the settings its readers share cannot be changed by one of them.
import { describe, expect, it } from "vitest";
import { applySettingsPatch, readShopSettings, shopSettingsPatchSchema } from "~/shops/settings";

describe("reading a shop's stored settings", () => {
  it("validates one stored object once and hands every reader the same frozen settings", () => {
    const stored = { tone: "friendly", greeting: "Hello!", allowedOrigins: ["https://shop.example"] };
    const first = readShopSettings(stored);
    expect(readShopSettings(stored)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as Record<string, unknown>).tone = "formal";
    }).toThrow(TypeError);

    // Another row (the same shop after a settings change) is read afresh.
    const changed = readShopSettings({ ...stored, tone: "formal" });
    expect(changed).not.toBe(first);
    expect(changed.tone).toBe("formal");
    expect(first.tone).toBe("friendly");
  });

  it("patches shared settings into new settings, leaving the shared ones as they were", () => {
    const shared = readShopSettings({ greeting: { en: "Hi", ru: "Привет" }, defaultLanguage: "ru", tone: "friendly" });
    const next = applySettingsPatch(shared, shopSettingsPatchSchema.parse({ greeting: "Здравствуйте", tone: null }));
    expect(next).toEqual({ greeting: { en: "Hi", ru: "Здравствуйте" }, defaultLanguage: "ru" });
    expect(shared).toEqual({ greeting: { en: "Hi", ru: "Привет" }, defaultLanguage: "ru", tone: "friendly" });
  });
});

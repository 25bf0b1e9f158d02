// The greeting per language in the settings schema: the stored plain string of older rows still
// counts (for the default language, or every language without one), the per-language object is
// taken as is, and a bad entry is refused under its own path.
import { describe, expect, it } from "vitest";
import { formValuesOf, settingsPatchFromForm } from "~/console/settings/settings-form";
import { applySettingsPatch, parseShopSettings, publicWidgetConfig, readShopSettings, shopSettingsPatchSchema } from "~/shops/settings";

describe("greeting per language", () => {
  it("reads a stored plain string as the default language's greeting, or every language's when none is set", () => {
    expect(readShopSettings({ greeting: "Здравствуйте!", defaultLanguage: "ru" }).greeting).toEqual({ ru: "Здравствуйте!" });
    expect(readShopSettings({ greeting: "Hello!" }).greeting).toEqual({ ru: "Hello!", en: "Hello!" });
    expect(readShopSettings({ greeting: { en: "Hi", ru: "Привет" } }).greeting).toEqual({ en: "Hi", ru: "Привет" });
    expect(readShopSettings({ greeting: {} })).toEqual({});
    // A refused greeting is dropped alone; the rest of the row stays.
    expect(readShopSettings({ greeting: { de: "Hallo" }, color: "#123456" })).toEqual({ color: "#123456" });
  });

  it("a plain string in a patch replaces only the default language's greeting; an object replaces all; null clears", () => {
    const current = readShopSettings({ greeting: { en: "Hi", ru: "Привет" }, defaultLanguage: "ru" });
    const patch = (body: unknown) => shopSettingsPatchSchema.parse(body);
    expect(applySettingsPatch(current, patch({ greeting: "Добрый день" })).greeting).toEqual({ en: "Hi", ru: "Добрый день" });
    expect(applySettingsPatch(current, patch({ greeting: { en: "Hello" } })).greeting).toEqual({ en: "Hello" });
    expect(applySettingsPatch(current, patch({ greeting: null })).greeting).toBeUndefined();
    expect(applySettingsPatch({}, patch({ greeting: "Hello", defaultLanguage: "en" })).greeting).toEqual({ en: "Hello" });
    expect(parseShopSettings({ greeting: "Hi" }).greeting).toEqual({ ru: "Hi", en: "Hi" });
  });

  it("refuses a bad entry naming it", () => {
    const issue = (body: unknown) => {
      const parsed = shopSettingsPatchSchema.safeParse(body);
      return parsed.success ? undefined : parsed.error.issues[0].path.join(".");
    };
    expect(issue({ greeting: { en: "" } })).toBe("greeting.en");
    expect(issue({ greeting: { ru: "x".repeat(301) } })).toBe("greeting.ru");
    expect(issue({ greeting: "" })).toBe("greeting");
    expect(issue({ greeting: 5 })).toBe("greeting");
  });

  it("serves the widget the greetings per language", () => {
    expect(publicWidgetConfig(readShopSettings({ greeting: "Здравствуйте!", defaultLanguage: "ru" })).greeting).toEqual({ ru: "Здравствуйте!" });
    expect(publicWidgetConfig({}).greeting).toEqual({});
  });
});

describe("the settings form's greeting fields", () => {
  it("round-trips a greeting per language through the form, and an emptied field clears that language", () => {
    const settings = readShopSettings({ greeting: { en: "Hi there", ru: "Привет" }, defaultLanguage: "ru" });
    const values = formValuesOf(settings);
    expect(values).toMatchObject({ "greeting.en": "Hi there", "greeting.ru": "Привет" });
    const form = new FormData();
    for (const [key, value] of Object.entries(values)) form.set(key, value);
    const patch = shopSettingsPatchSchema.parse(settingsPatchFromForm(form));
    expect(applySettingsPatch(settings, patch).greeting).toEqual({ en: "Hi there", ru: "Привет" });
    form.set("greeting.ru", "  ");
    expect(applySettingsPatch(settings, shopSettingsPatchSchema.parse(settingsPatchFromForm(form))).greeting).toEqual({ en: "Hi there" });
    form.set("greeting.en", "");
    expect(applySettingsPatch(settings, shopSettingsPatchSchema.parse(settingsPatchFromForm(form))).greeting).toBeUndefined();
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";

/**
 * The theme app extension as `shopify app deploy` would validate it: theme-check with the app
 * config (offline, bundled docs data), plus the rules theme-check does not check (see
 * ../shared/data/shopify/theme-app-extension/CONSTRAINTS.md).
 */

const extensionDir = path.resolve(__dirname, "../../extensions/palompy-chat");
const EMBED_TARGETS = ["head", "compliance_head", "body"];
// theme-check's setting types minus those app blocks cannot use (color schemes, palettes).
const SETTING_TYPES = new Set(
  "article article_list blog checkbox collection collection_list color color_background font_picker header html image_picker inline_richtext link_list liquid metaobject metaobject_list number page paragraph product product_list radio range richtext select text text_alignment textarea url video video_url".split(" "),
);
const JS_LIMIT_BYTES = 10_000;

async function errorsOf(root: string) {
  const { offenses } = await themeCheckRun(root, path.join(root, ".theme-check.yml"), () => {});
  return offenses.filter((offense) => offense.severity === 0).map((offense) => `${offense.check}: ${offense.message}`);
}

function copyExtension(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "palompy-extension-"));
  fs.cpSync(extensionDir, copy, { recursive: true });
  return copy;
}

function blockFiles(): string[] {
  return fs.readdirSync(path.join(extensionDir, "blocks")).filter((name) => name.endsWith(".liquid"));
}

function schemaOf(file: string): string {
  const liquid = fs.readFileSync(path.join(extensionDir, "blocks", file), "utf8");
  const match = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(liquid);
  if (!match) throw new Error(`${file} has no schema`);
  return match[1];
}

function translate(value: string): string {
  if (!value.startsWith("t:")) return value;
  const locale = JSON.parse(fs.readFileSync(path.join(extensionDir, "locales/en.default.schema.json"), "utf8"));
  return value
    .slice(2)
    .split(".")
    .reduce((node, key) => node?.[key], locale) as string;
}

describe("theme app extension extensions/palompy-chat", () => {
  it("the widget loader was copied into assets (npm run build)", () => {
    expect(fs.existsSync(path.join(extensionDir, "assets/palompy-widget.js")), "run npm run build first").toBe(true);
  });

  it("passes theme-check (theme-app-extension config) with zero errors", async () => {
    expect(await errorsOf(extensionDir)).toEqual([]);
  });

  it("theme-check does catch a broken extension (forbidden tag, missing asset)", async () => {
    const copy = copyExtension();
    try {
      const block = path.join(copy, "blocks/chat-embed.liquid");
      fs.writeFileSync(block, fs.readFileSync(block, "utf8").replace("{% schema %}", "{% javascript %}console.log(1){% endjavascript %}\n{% schema %}"));
      fs.rmSync(path.join(copy, "assets/palompy-widget.js"));
      const errors = (await errorsOf(copy)).join("\n");
      expect(errors).toContain("AppBlockValidTags");
      expect(errors).toContain("MissingAsset");
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it.each(blockFiles())("%s: strict JSON schema, body target, valid setting types, short name, unique ids", (file) => {
    const schema = JSON.parse(schemaOf(file)) as { name: string; target: string; settings?: { type: string; id?: string }[] };
    expect(EMBED_TARGETS).toContain(schema.target);
    expect(schema.target).toBe("body");
    const name = translate(schema.name);
    expect(name.length).toBeGreaterThan(0);
    expect(name.length).toBeLessThanOrEqual(25);
    const settings = schema.settings ?? [];
    for (const setting of settings) expect(SETTING_TYPES, `setting ${setting.id}`).toContain(setting.type);
    const ids = settings.map((setting) => setting.id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("the strict JSON check rejects what theme-check lets through (a trailing comma)", () => {
    expect(() => JSON.parse(schemaOf("chat-embed.liquid").replace(/\]\s*\}\s*$/, "],\n}"))).toThrow();
  });

  it("reads the public key and API base from the app-data metafields the install writes", () => {
    const liquid = fs.readFileSync(path.join(extensionDir, "blocks/chat-embed.liquid"), "utf8");
    expect(liquid).toContain("app.metafields.palompy.public_key.value");
    expect(liquid).toContain("app.metafields.palompy.api_base.value");
    expect(JSON.parse(schemaOf("chat-embed.liquid")).settings.map((setting: { id: string }) => setting.id)).not.toContain("public_key");
  });

  it("calls the API through the App Proxy by default, the app URL as chunk host and as the fallback", () => {
    const liquid = fs.readFileSync(path.join(extensionDir, "blocks/chat-embed.liquid"), "utf8");
    expect(liquid).toContain('data-api-base="{% if block.settings.app_proxy %}{{ palompy_proxy | escape }}{% else %}{{ palompy_api | escape }}{% endif %}"');
    // The path is the embed's setting (a merchant may change the proxy's prefix and subpath), /apps/palompy by default.
    const proxyPath = JSON.parse(schemaOf("chat-embed.liquid")).settings.find((entry: { id: string }) => entry.id === "proxy_path");
    expect(proxyPath).toMatchObject({ type: "text", default: "/apps/palompy" });
    expect(liquid).toContain("block.settings.proxy_path | default: '/apps/palompy'");
    expect(liquid).toContain('data-asset-base="{{ palompy_api | escape }}"');
    const setting = JSON.parse(schemaOf("chat-embed.liquid")).settings.find((entry: { id: string }) => entry.id === "app_proxy");
    expect(setting).toMatchObject({ type: "checkbox", default: true });
    // The path the toml declares: prefix "apps", subpath "palompy".
    const toml = fs.readFileSync(path.resolve(__dirname, "../../shopify.app.toml"), "utf8");
    expect(toml).toMatch(/\[app_proxy\]\nurl = "\/proxy"\nprefix = "apps"\nsubpath = "palompy"/);
  });

  it("every JS asset is at most 10 KB compressed", () => {
    const assets = fs.readdirSync(path.join(extensionDir, "assets")).filter((name) => name.endsWith(".js"));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const gzipped = zlib.gzipSync(fs.readFileSync(path.join(extensionDir, "assets", asset)), { level: 9 }).length;
      expect(gzipped, asset).toBeLessThanOrEqual(JS_LIMIT_BYTES);
    }
  });
});

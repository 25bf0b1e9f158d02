import { formatPrice } from "~/chat/price-format";
import type { DemoProduct } from "~/demo/catalog";

/**
 * The demo storefront's HTML. Its stylesheet is deliberately rude (global `*`, `div`, `button`,
 * `svg`, `textarea` rules, some !important) the way real themes are: the widget must look the same
 * here as on a blank page, which only its shadow root guarantees. `?css=off` drops the stylesheet
 * so tests can compare the two.
 */
export type DemoLang = "ru" | "en";

const HOSTILE_CSS = `
* { font-family: Georgia, "Times New Roman", serif !important; letter-spacing: .03em; line-height: 2 !important; box-sizing: content-box; }
html { font-size: 18px; }
body { margin: 0; background: #fbf7f0; color: #2b2118; }
div { margin: 0 0 6px; color: #6b3e26; text-shadow: 0 1px 0 #fff; }
button, [role=button] { background: #ff3d7f !important; color: #ffef5a !important; border: 3px dashed #222 !important; border-radius: 0 !important; padding: 18px 30px !important; text-transform: uppercase; font-size: 22px !important; }
svg { width: 80px !important; height: 80px !important; fill: #ff3d7f; }
textarea, input { background: #ffffcc !important; font-size: 24px !important; border: 4px double #000 !important; }
a { color: #b4005a !important; font-weight: 700; }
p { margin: 1.6em 0; }
ul { padding-left: 3em; list-style: square; }
header.site { display: flex; align-items: center; justify-content: space-between; padding: 12px 24px; background: #2b2118; color: #fbf7f0; }
header.site a { color: #ffd27a !important; text-decoration: none; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 120px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 20px; list-style: none; padding: 0; }
.grid li { background: #fff; border: 1px solid #e5d9c5; padding: 12px; }
.grid img, .product img { width: 100%; height: auto; display: block; background: #f0e7d8; }
.grid h3 { font-size: 1rem; margin: 8px 0 4px; }
.price { font-weight: 700; }
.product { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr); gap: 32px; }
@media (max-width: 640px) { .product { grid-template-columns: 1fr; } header.site { padding: 8px 12px; } main { padding: 12px 12px 120px; } }
`;

/**
 * The demo shop's greeting and quick prompts per language: stored in its settings when it has none
 * (app/demo/seed.server.ts), so the console edits them like any shop's and the widget picks the
 * shopper's language.
 */
export const DEMO_GREETINGS: Record<DemoLang, string> = {
  ru: "Здравствуйте! Я помощник магазина Palompy Outdoor: подберу палатку, куртку или спальник и расскажу о доставке и возврате.",
  en: "Hello! I'm the Palompy Outdoor assistant: I can help you pick a tent, a jacket or a sleeping bag, and explain delivery and returns.",
};

export const DEMO_QUICK_PROMPTS: Record<DemoLang, string[]> = {
  ru: ["Где мой заказ?", "Какую куртку выбрать для зимы?", "Сколько стоит доставка?"],
  en: ["Where is my order?", "Which jacket is best for winter?", "How much is delivery?"],
};

const TEXT = {
  ru: { tagline: "Снаряжение для походов и путешествий", catalog: "Каталог", back: "← Все товары", notFound: "Товар не найден", other: "English" },
  en: { tagline: "Outdoor and travel gear", catalog: "Catalog", back: "← All products", notFound: "Product not found", other: "Русский" },
};

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

export const handleOf = (product: DemoProduct) => product.url.replace(/^\/products\//, "");

// The same price text the assistant uses in its answers, so page and chat agree.
const formatProductPrice = (product: DemoProduct, lang: DemoLang) => formatPrice(Number(product.price), product.currency, lang);

export interface PageOptions {
  lang: DemoLang;
  css: boolean;
  storeName: string;
  publicKey: string | null;
  title: string;
  body: string;
  /** The query to keep on internal links (language and css switches). */
  query: string;
}

export function renderPage(o: PageOptions): string {
  const t = TEXT[o.lang];
  const widget = o.publicKey
    ? `<script src="/widget.js" defer data-shop-id="${o.publicKey}" data-lang="${o.lang}" data-position="bottom-right"
  data-perks='${escapeHtml(JSON.stringify({ freeShippingFrom: o.lang === "ru" ? "5000 ₽" : "5,000 ₽", returnsDays: 30 }))}'></script>`
    : "";
  const otherLang = o.lang === "ru" ? "en" : "ru";
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(o.title)} · ${escapeHtml(o.storeName)}</title>
<meta name="description" content="${escapeHtml(t.tagline)}">
${o.css ? `<style>${HOSTILE_CSS}</style>` : ""}
</head>
<body>
<header class="site"><a href="/demo/${o.query}"><strong>${escapeHtml(o.storeName)}</strong></a><span>${escapeHtml(t.tagline)}</span><a href="?lang=${otherLang}${o.css ? "" : "&amp;css=off"}" hreflang="${otherLang}">${t.other}</a></header>
<main>
${o.body}
</main>
${widget}
</body>
</html>`;
}

export function catalogBody(products: DemoProduct[], lang: DemoLang, query: string): string {
  const items = products
    .map(
      (p) => `<li><a href="/demo/products/${encodeURIComponent(handleOf(p))}${query}"><img src="${escapeHtml(p.image)}" alt="" width="240" height="180" loading="lazy"><h3>${escapeHtml(p.name)}</h3></a><span class="price">${formatProductPrice(p, lang)}</span></li>`,
    )
    .join("\n");
  return `<h1>${TEXT[lang].catalog}</h1>\n<ul class="grid">\n${items}\n</ul>`;
}

export function productBody(product: DemoProduct, lang: DemoLang, query: string): string {
  // Catalog descriptions are trusted demo content written as HTML.
  return `<p><a href="/demo/${query}">${TEXT[lang].back}</a></p>
<article class="product"><img src="${escapeHtml(product.image)}" alt="${escapeHtml(product.name)}" width="480" height="360">
<div><h1>${escapeHtml(product.name)}</h1><p class="price">${formatProductPrice(product, lang)}</p>${product.description}</div></article>`;
}

export function missingStoreBody(): string {
  return `<h1>The demo store is not set up</h1>
<p>This server was not started in demo mode, so there is no demo shop to chat with.</p>
<p>Run <code>npm run demo</code> (or start with <code>PALOMPY_DEMO=1</code>) and reload this page.</p>`;
}

export function demoLang(url: URL): DemoLang {
  return url.searchParams.get("lang") === "en" ? "en" : "ru";
}

export function demoQuery(url: URL): string {
  const params = new URLSearchParams();
  if (url.searchParams.get("lang") === "en") params.set("lang", "en");
  if (url.searchParams.get("css") === "off") params.set("css", "off");
  const query = params.toString();
  return query ? `?${query.replace(/&/g, "&amp;")}` : "";
}

export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}

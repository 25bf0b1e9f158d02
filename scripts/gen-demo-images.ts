/**
 * Generates the demo product images (public/demo/images/<handle>.svg) from
 * app/demo/catalog.ts: a coloured tile with a category icon and the product
 * name. Each file stays well under 1.5 KB.
 *
 *   npx tsx scripts/gen-demo-images.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEMO_CATALOG } from "../app/demo/catalog";

const OUT_DIR = fileURLToPath(new URL("../public/demo/images/", import.meta.url));
const MAX_BYTES = 1536;

// Icons are drawn in the upper part of a 200×200 tile; "C" is replaced by the
// tile colour for cut-outs.
const W = 'fill="#fff"';
const ICONS: Record<string, { color: string; svg: string }> = {
  JKT: { color: "#2f6f9f", svg: `<path ${W} d="M82 38 70 44 54 72l12 6 6-9v43h56V69l6 9 12-6-16-28-12-6q-18 14-36 0z"/>` },
  BOT: { color: "#7a5230", svg: `<path ${W} d="M74 34h28v46l34 10q10 3 10 15v7H70V80z"/>` },
  BPK: { color: "#3f7d4e", svg: `<rect ${W} x="68" y="40" width="64" height="72" rx="14"/><rect fill="C" x="82" y="80" width="36" height="22" rx="4"/><path fill="none" stroke="#fff" stroke-width="5" d="M88 40q0-12 12-12t12 12"/>` },
  TNT: { color: "#c2632d", svg: `<path ${W} d="M100 34l48 78H52z"/><path fill="C" d="M100 70l-13 42h26z"/>` },
  SLP: { color: "#5b4a9b", svg: `<rect ${W} x="52" y="58" width="96" height="48" rx="24"/><circle fill="C" cx="78" cy="82" r="12"/>` },
  POL: { color: "#4d5b66", svg: `<path stroke="#fff" stroke-width="5" stroke-linecap="round" d="M86 36l8 78M114 36l-8 78"/><rect ${W} x="80" y="30" width="12" height="20" rx="4"/><rect ${W} x="108" y="30" width="12" height="20" rx="4"/>` },
  THM: { color: "#a33a3a", svg: `<rect ${W} x="82" y="46" width="36" height="68" rx="8"/><rect ${W} x="86" y="32" width="28" height="12" rx="3"/>` },
  LMP: { color: "#c99a1e", svg: `<circle ${W} cx="100" cy="72" r="22"/><path stroke="#fff" stroke-width="5" stroke-linecap="round" d="M100 34v6M100 104v6M62 72h6M132 72h6M73 45l4 4M123 95l4 4M127 45l-4 4M77 95l-4 4"/>` },
  BSL: { color: "#2d7f86", svg: `<path ${W} d="M84 38 66 44 52 96l12 4 12-40v54h48V60l12 40 12-4-14-52-18-6q-16 10-32 0z"/>` },
  SCK: { color: "#8b3f76", svg: `<path ${W} d="M84 34h28v50l16 14q10 10 0 18-8 6-18-2L84 94z"/>` },
  GLV: { color: "#35597a", svg: `<path ${W} d="M78 112V62q0-14 14-16h8q16 0 18 16v8l8-8q10-6 14 4l-20 28v18z"/>` },
  HAT: { color: "#6b6f2e", svg: `<path ${W} d="M62 100q0-50 38-50t38 50z"/><rect ${W} x="58" y="98" width="84" height="14" rx="4"/><circle ${W} cx="100" cy="44" r="9"/>` },
  FLT: { color: "#1f7fb3", svg: `<path ${W} d="M100 32q32 42 32 60a32 32 0 0 1-64 0q0-18 32-60z"/>` },
  STV: { color: "#b5471c", svg: `<path ${W} d="M100 32q28 32 22 60-6 22-22 22t-22-22q-2-18 12-34 4 18 10 20 6-18 0-46z"/>` },
  KID: { color: "#d0873a", svg: `<path ${W} d="M100 32l12 26 28 3-21 19 6 28-25-14-25 14 6-28-21-19 28-3z"/>` },
  GFT: { color: "#9c2f55", svg: `<rect ${W} x="60" y="58" width="80" height="54" rx="6"/><path fill="C" d="M95 58h10v54H95zM60 80h80v8H60z"/><path fill="none" stroke="#fff" stroke-width="5" d="M100 56q-22-24-26-8t26 8q22-24 26-8t-26 8"/>` },
  ACC: { color: "#2f8a6a", svg: `<path ${W} d="M74 52h52l-4 60H78z"/><rect ${W} x="70" y="36" width="60" height="12" rx="4"/>` },
};

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  // Keep short tokens ("г", "л", "1P") with the previous word so units never dangle.
  const words: string[] = [];
  for (const w of text.split(/\s+/)) {
    if (words.length > 0 && w.length <= 2) words[words.length - 1] += ` ${w}`;
    else words.push(w);
  }
  for (const word of words) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1].slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

mkdirSync(OUT_DIR, { recursive: true });
let written = 0;
for (const p of DEMO_CATALOG.products) {
  const handle = p.url.replace(/^\/products\//, "");
  const prefix = p.sku.slice(0, 3);
  const icon = ICONS[prefix];
  if (!icon) throw new Error(`no icon for SKU prefix ${prefix} (${p.id})`);
  // "Подарочный сертификат / Gift Card" → first half; drop pack-size suffixes.
  const label = p.name.split(" / ")[0].replace(/,\s.*$/, "");
  const lines = wrap(label, 18, 3);
  const y0 = lines.length === 3 ? 138 : 146;
  const text = lines
    .map((l, i) => `<text x="100" y="${y0 + i * 18}">${escapeXml(l)}</text>`)
    .join("");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200" role="img" aria-label="${escapeXml(p.name)}">` +
    `<rect width="200" height="200" rx="16" fill="${icon.color}"/>` +
    icon.svg.replaceAll('"C"', `"${icon.color}"`) +
    `<g fill="#fff" font-family="system-ui,sans-serif" font-size="14" font-weight="600" text-anchor="middle">${text}</g>` +
    `</svg>\n`;
  const bytes = Buffer.byteLength(svg);
  if (bytes > MAX_BYTES) throw new Error(`${handle}.svg is ${bytes} bytes (> ${MAX_BYTES})`);
  writeFileSync(`${OUT_DIR}${handle}.svg`, svg);
  written++;
}
console.log(`wrote ${written} SVGs to ${OUT_DIR}`);

/**
 * Builds bench/eval/demo-store.eval.json from the demo catalog
 * (app/demo/catalog.ts) and the query list (bench/eval/demo-queries.ts).
 *
 *   npx tsx bench/eval/build-demo-eval.ts          # validate + write
 *   npx tsx bench/eval/build-demo-eval.ts --check  # validate + fail if the JSON is stale
 *
 * Validation: unique item ids across products/FAQ/policies, unique SKUs,
 * product price = lowest variant price, every query has ≥1 relevant item,
 * every relevant id exists, grades are 1 or 2, query ids unique.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEMO_CATALOG } from "../../app/demo/catalog";
import { DEMO_QUERIES } from "./demo-queries";

const OUT = fileURLToPath(new URL("./demo-store.eval.json", import.meta.url));

function validate(): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  const addId = (id: string, where: string) => {
    if (ids.has(id)) errors.push(`duplicate item id ${id} (${where})`);
    ids.add(id);
  };
  const skus = new Set<string>();
  const addSku = (sku: string, where: string) => {
    if (skus.has(sku)) errors.push(`duplicate sku ${sku} (${where})`);
    skus.add(sku);
  };
  const money = /^\d+\.\d{2}$/;

  for (const p of DEMO_CATALOG.products) {
    addId(p.id, `product ${p.name}`);
    addSku(p.sku, `product ${p.id}`);
    if (!money.test(p.price)) errors.push(`product ${p.id}: bad price ${p.price}`);
    if (!p.url.startsWith("/products/")) errors.push(`product ${p.id}: bad url ${p.url}`);
    const handle = p.url.slice("/products/".length);
    if (p.image !== `/demo/images/${handle}.svg`) errors.push(`product ${p.id}: image/url mismatch`);
    if (p.tags.length === 0) errors.push(`product ${p.id}: no tags`);
    if (p.variants) {
      const vids = new Set<string>();
      for (const v of p.variants) {
        if (vids.has(v.id)) errors.push(`product ${p.id}: duplicate variant id ${v.id}`);
        vids.add(v.id);
        addSku(v.sku, `variant ${v.id}`);
        if (!v.sku.startsWith(`${p.sku}-`)) errors.push(`variant ${v.id}: sku ${v.sku} not under ${p.sku}`);
        if (!money.test(v.price)) errors.push(`variant ${v.id}: bad price ${v.price}`);
      }
      const min = Math.min(...p.variants.map((v) => Number(v.price)));
      if (Number(p.price) !== min) errors.push(`product ${p.id}: price ${p.price} != min variant price ${min}`);
      if (p.available !== p.variants.some((v) => v.available)) {
        errors.push(`product ${p.id}: available=${p.available} disagrees with variants`);
      }
    }
  }
  for (const f of DEMO_CATALOG.faq) addId(f.id, "faq");
  for (const pol of DEMO_CATALOG.policies) addId(pol.id, "policy");

  const qids = new Set<string>();
  for (const q of DEMO_QUERIES) {
    if (qids.has(q.id)) errors.push(`duplicate query id ${q.id}`);
    qids.add(q.id);
    if (!/^q\d{3}$/.test(q.id)) errors.push(`query ${q.id}: id must look like q001`);
    if (!q.text.trim()) errors.push(`query ${q.id}: empty text`);
    const rel = Object.entries(q.relevant);
    if (rel.length === 0) errors.push(`query ${q.id}: no relevant items`);
    if (!rel.some(([, g]) => g === 2)) errors.push(`query ${q.id}: no grade-2 item`);
    for (const [id, grade] of rel) {
      if (!ids.has(id)) errors.push(`query ${q.id}: unknown relevant id ${id}`);
      if (grade !== 1 && grade !== 2) errors.push(`query ${q.id}: bad grade ${grade} for ${id}`);
    }
  }
  return errors;
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

const errors = validate();
if (errors.length > 0) {
  console.error(`demo eval: ${errors.length} validation error(s):\n- ${errors.join("\n- ")}`);
  process.exit(1);
}

const evalSet = {
  name: "palompy-demo-store",
  catalog: DEMO_CATALOG,
  queries: DEMO_QUERIES.map(({ id, text, relevant }) => ({ id, text, relevant })),
};
const json = `${JSON.stringify(evalSet, null, 2)}\n`;

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(OUT, "utf8");
  } catch {
    // missing file counts as stale
  }
  if (current !== json) {
    console.error(`demo eval: ${OUT} is stale — run: npx tsx bench/eval/build-demo-eval.ts`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, json);
}

const variants = DEMO_CATALOG.products.reduce((n, p) => n + (p.variants?.length ?? 0), 0);
console.log(
  JSON.stringify(
    {
      out: OUT,
      products: DEMO_CATALOG.products.length,
      variants,
      faq: DEMO_CATALOG.faq.length,
      policies: DEMO_CATALOG.policies.length,
      queries: DEMO_QUERIES.length,
      byLang: countBy(DEMO_QUERIES, (q) => q.lang),
      byKind: countBy(DEMO_QUERIES, (q) => q.kind),
    },
    null,
    2,
  ),
);

import { createHash } from "node:crypto";
import { z } from "zod";
import { IMPORT_LINK_BASE, isSafeLink } from "./safe-link";

/**
 * The knowledge import payload: what a store sends us (catalog, FAQ, policies, pages).
 * Limits exist so one request cannot exhaust memory or the embedding budget; exceeding one is a
 * 413 naming the field, anything else malformed is a 422 naming the field.
 */

/**
 * Request body cap for an import. Binding before the per-field limits for catalogs of long
 * descriptions (5,000 x 20,000 characters would be ~100 MB); typical stores send well under 10 MB.
 */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
export const MAX_PRODUCTS = 5_000;
export const MAX_FAQ = 1_000;
export const MAX_POLICIES = 200;
export const MAX_PAGES = 500;
export const MAX_VARIANTS = 100;
export const MAX_TAGS = 50;

export const MAX_ID_LENGTH = 200;
export const MAX_NAME_LENGTH = 300;
export const MAX_DESCRIPTION_LENGTH = 20_000;
export const MAX_QUESTION_LENGTH = 1_000;
export const MAX_ANSWER_LENGTH = 10_000;
export const MAX_CONTENT_LENGTH = 50_000;
export const MAX_URL_LENGTH = 2_048;
export const MAX_SKU_LENGTH = 100;
export const MAX_PRICE_LENGTH = 32;
export const MAX_CURRENCY_LENGTH = 10;
export const MAX_VENDOR_LENGTH = 200;
export const MAX_TAG_LENGTH = 100;

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => (value ? value : undefined));

/** Shopify ids arrive as numbers; everything downstream treats ids as opaque strings. */
const id = z.union([z.string(), z.number().int().nonnegative()]).transform(String).pipe(text(MAX_ID_LENGTH));
const optionalId = z
  .union([z.string(), z.number().int().nonnegative()])
  .nullish()
  .transform((value) => (value === null || value === undefined || value === "" ? undefined : String(value)))
  .pipe(z.string().trim().max(MAX_ID_LENGTH).optional());

const price = z
  .union([z.number().finite().nonnegative(), z.string().trim().max(MAX_PRICE_LENGTH)])
  .nullish()
  .transform((value) => (value === null || value === undefined || value === "" ? undefined : String(value)));

/** Links end up in the shopper-facing widget: only http(s) URLs or paths that stay on the shop's site (safe-link.ts). */
const link = z
  .string()
  .trim()
  .max(MAX_URL_LENGTH)
  .nullish()
  .transform((value) => (value ? value : undefined))
  .refine((value) => value === undefined || isSafeLink(value, IMPORT_LINK_BASE), {
    message: "must be an http(s) URL or a path starting with / that stays on the shop's own site",
  });

const variantSchema = z.object({
  id: optionalId,
  title: optionalText(MAX_NAME_LENGTH),
  sku: optionalText(MAX_SKU_LENGTH),
  price,
  /** The price before a sale (Shopify's compareAtPrice, WooCommerce's regular_price while on sale). */
  compareAtPrice: price,
  available: z.boolean().nullish().transform((value) => value ?? undefined),
});

const productSchema = z.object({
  id,
  name: text(MAX_NAME_LENGTH),
  description: z.string().max(MAX_DESCRIPTION_LENGTH).nullish().transform((value) => value ?? ""),
  price,
  /** The price before a sale; shown as "was …" when above `price`. */
  compareAtPrice: price,
  currency: optionalText(MAX_CURRENCY_LENGTH),
  url: link,
  image: link,
  sku: optionalText(MAX_SKU_LENGTH),
  vendor: optionalText(MAX_VENDOR_LENGTH),
  tags: z.array(text(MAX_TAG_LENGTH)).max(MAX_TAGS).nullish().transform((value) => value ?? []),
  available: z.boolean().nullish().transform((value) => value ?? undefined),
  variants: z.array(variantSchema).max(MAX_VARIANTS).nullish().transform((value) => value ?? []),
});

const faqSchema = z
  .object({ id: optionalId, question: text(MAX_QUESTION_LENGTH), answer: text(MAX_ANSWER_LENGTH) })
  .transform((faq) => ({ ...faq, id: faq.id ?? derivedId("faq", faq.question) }));

const documentSchema = (kind: "policy" | "page") =>
  z
    .object({ id: optionalId, title: text(MAX_NAME_LENGTH), content: text(MAX_CONTENT_LENGTH), url: link })
    .transform((doc) => ({ ...doc, id: doc.id ?? derivedId(kind, doc.title) }));

const policySchema = documentSchema("policy");
const pageSchema = documentSchema("page");

const listOf = <T extends z.ZodTypeAny>(schema: T, max: number) =>
  z.array(schema).max(max).nullish().transform((value): z.output<T>[] => value ?? []);

/** The sections of an import payload, each replacing one source type on a full import. */
export const IMPORT_SECTIONS = { products: "product", faq: "faq", policies: "policy", pages: "page" } as const;
export type ImportSection = keyof typeof IMPORT_SECTIONS;

// Strict: a misspelt section ("product") would otherwise read as an empty catalog and a full
// import would delete every product.
const payloadSchema = z
  .object({
    products: listOf(productSchema, MAX_PRODUCTS),
    faq: listOf(faqSchema, MAX_FAQ),
    policies: listOf(policySchema, MAX_POLICIES),
    pages: listOf(pageSchema, MAX_PAGES),
  })
  .strict()
  .superRefine((payload, ctx) => {
    // Ids are the upsert key: a duplicate would silently overwrite its twin.
    for (const list of ["products", "faq", "policies", "pages"] as const) {
      const seen = new Set<string>();
      payload[list].forEach((item, index) => {
        if (seen.has(item.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [list, index, "id"], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    }
  });

export type ProductInput = z.output<typeof productSchema>;
export type ProductVariantInput = z.output<typeof variantSchema>;
export type FaqInput = z.output<typeof faqSchema>;
export type PolicyInput = z.output<typeof policySchema>;
export type PageInput = z.output<typeof pageSchema>;
export type ImportPayload = z.output<typeof payloadSchema> & {
  /**
   * The sections the sender named; a full import replaces only these. Absent: every section
   * (the payload is the shop's whole knowledge).
   */
  sections?: ImportSection[];
};

export type KnowledgeItem =
  | { type: "product"; data: ProductInput }
  | { type: "faq"; data: FaqInput }
  | { type: "policy"; data: PolicyInput }
  | { type: "page"; data: PageInput };

export type ParseResult<T> = { ok: true; data: T } | { ok: false; status: 413 | 422; field: string; message: string };

const LIST_LIMITS = { products: MAX_PRODUCTS, faq: MAX_FAQ, policies: MAX_POLICIES, pages: MAX_PAGES } as const;

export function parseImportPayload(json: unknown): ParseResult<ImportPayload> {
  // Checked before zod so an oversized list is rejected without validating every element of it.
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const [field, max] of Object.entries(LIST_LIMITS)) {
      const list = (json as Record<string, unknown>)[field];
      if (Array.isArray(list) && list.length > max) {
        return { ok: false, status: 413, field, message: `too many entries in ${field}: ${list.length} (at most ${max})` };
      }
    }
  }
  const parsed = fromZod(payloadSchema.safeParse(json));
  if (!parsed.ok) return parsed;
  const raw = json as Record<string, unknown>;
  const sections = (Object.keys(IMPORT_SECTIONS) as ImportSection[]).filter((section) => raw[section] !== undefined && raw[section] !== null);
  if (!sections.length) {
    return { ok: false, status: 422, field: "(root)", message: `the payload names no section: send at least one of ${Object.keys(IMPORT_SECTIONS).join(", ")}` };
  }
  return { ok: true, data: { ...parsed.data, sections } };
}

const itemSchemas = { product: productSchema, faq: faqSchema, policy: policySchema, page: pageSchema } as const;

/** Validates a single item (webhooks, admin edits) with the same rules as a bulk import. */
export function parseKnowledgeItem(type: KnowledgeItem["type"], json: unknown): ParseResult<KnowledgeItem> {
  const schema: z.ZodType<KnowledgeItem["data"], z.ZodTypeDef, unknown> = itemSchemas[type];
  const result = fromZod(schema.safeParse(json));
  return result.ok ? { ok: true, data: { type, data: result.data } as KnowledgeItem } : result;
}

/** Every item of a payload, in a fixed order (products, faq, policies, pages). */
export function* payloadItems(payload: ImportPayload): Generator<KnowledgeItem> {
  for (const data of payload.products) yield { type: "product", data };
  for (const data of payload.faq) yield { type: "faq", data };
  for (const data of payload.policies) yield { type: "policy", data };
  for (const data of payload.pages) yield { type: "page", data };
}

/** Stable across imports so an id-less FAQ entry keeps its identity while its question is unchanged. */
export function derivedId(kind: string, key: string): string {
  const normalised = key.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  return `${kind}-${createHash("sha256").update(normalised).digest("hex").slice(0, 16)}`;
}

function fromZod<T>(result: z.SafeParseReturnType<unknown, T>): ParseResult<T> {
  if (result.success) return { ok: true, data: result.data };
  const issues = result.error.issues;
  // A size problem is reported first: the client must shrink the request, not just fix a field.
  const tooBig = issues.find((issue) => issue.code === z.ZodIssueCode.too_big && (issue.type === "string" || issue.type === "array"));
  const issue = tooBig ?? issues[0];
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const key = issue.keys[0];
    const field = formatPath([...issue.path, key]);
    return { ok: false, status: 422, field, message: `${field}: unknown field (expected one of ${Object.keys(IMPORT_SECTIONS).join(", ")})` };
  }
  const field = formatPath(issue.path) || "(root)";
  return { ok: false, status: tooBig ? 413 : 422, field, message: `${field}: ${issue.message}` };
}

/** ["products", 3, "description"] -> "products[3].description" */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part), "");
}

import { z } from "zod";
import { retrievalQuery, type PastTurn } from "./conversation.server";
import { isGreeting, policyWords, priceConstraint, type PriceConstraint } from "./intents";
import type { PromptMessage } from "./prompt";
import type { ChatModelProvider } from "./providers/types";
import type { AttributeKind } from "~/knowledge/attributes";

/**
 * The first stage of a chat turn: what to search for. The rules (intents.ts) always run; with a
 * model, one forced tool call turns the question and the recent turns into search queries in the
 * catalog's language plus price filters, and any failure of that call leaves the rules' reading.
 */
export interface Understanding {
  /** Search queries, best first (the rules give one: the message, with the previous turn for a follow-up). */
  queries: string[];
  constraint: PriceConstraint;
  /** A greeting opens a new topic: no retrieval, no history. */
  greeting: boolean;
  /** Returns/warranty words, searched by themselves so the policy is found (intents.ts). */
  policyQuery: string;
  /** The variant the shopper asks about (model only; the rules find it in the message itself, variants.ts). */
  variant?: VariantConstraint;
  /** A refinement of the items shown last turn (model only; the rules' own is listing.ts's). */
  refinement?: Refinement;
  by: "rules" | "model";
  /** Why the model's reading was not used; the answer itself did not fall back, so this is only logged to the console. */
  failure?: "understand_invalid" | "understand_failed";
}

export const SEARCH_CATALOG = "search_catalog";
const MAX_QUERIES = 3;
const MAX_OPTIONS = 4;
const ATTRIBUTE_KINDS = ["weight", "volume", "capacity", "power", "temperature"] as const satisfies readonly AttributeKind[];

const OPTION_PARAMETERS = {
  type: "array",
  maxItems: MAX_OPTIONS,
  items: {
    type: "object",
    properties: { name: { type: "string", description: "The option's name, e.g. Size, Color, Length, Fit" }, value: { type: "string", description: "Its value, e.g. XL, blue, Long, Women's" } },
    required: ["name", "value"],
    additionalProperties: false,
  },
} as const;

/** The tool's JSON schema: what the model must fill in. */
export const SEARCH_CATALOG_PARAMETERS = {
  type: "object",
  properties: {
    queries: {
      type: "array",
      items: { type: "string" },
      minItems: 1,
      maxItems: MAX_QUERIES,
      description: "1-3 short search queries in the catalog's language (product type and attributes, or the policy topic), resolving references to earlier turns",
    },
    maxPrice: { type: "number", description: "Upper price bound the shopper stated, if any" },
    minPrice: { type: "number", description: "Lower price bound the shopper stated, if any" },
    sort: { type: "string", enum: ["relevance", "price_asc", "price_desc"], description: "price_asc for 'cheapest', price_desc for 'most expensive'" },
    variant: {
      type: "object",
      description: "The variant of a product the shopper asks about ('Storm Pro in XL', 'the red one', 'JKT-1042-M'), values as the catalog writes them",
      properties: {
        size: { type: "string", description: "Size asked for: XL, 42, 110 cm" },
        color: { type: "string", description: "Colour asked for, in the catalog's language" },
        sku: { type: "string", description: "SKU or article number the shopper typed" },
        options: { ...OPTION_PARAMETERS, description: "Any other option asked for (name and value)" },
      },
      additionalProperties: false,
    },
    refinement: {
      type: "object",
      description: "Only when the message refines the products of the previous answer ('cheaper', 'a lighter one', 'in blue', 'for women')",
      properties: {
        sameKindAsBefore: { type: "boolean", description: "true: the same kind of product as shown in the previous answer" },
        price: { type: "string", enum: ["cheaper", "more_expensive"], description: "Direction on price relative to what was shown" },
        attribute: {
          type: "object",
          description: "Direction on a numeric attribute: lighter = weight less, bigger = volume more, warmer = temperature less (a lower comfort rating)",
          properties: { kind: { type: "string", enum: ATTRIBUTE_KINDS }, direction: { type: "string", enum: ["less", "more"] } },
          required: ["kind", "direction"],
          additionalProperties: false,
        },
        options: { ...OPTION_PARAMETERS, description: "Option values the items must have ('in blue': Color blue; 'for women': Fit women)" },
      },
      required: ["sameKindAsBefore"],
      additionalProperties: false,
    },
  },
  required: ["queries"],
  additionalProperties: false,
} as const;

const optionText = z.string().trim().min(1).max(60);
const optionsSchema = z.array(z.object({ name: optionText, value: optionText }).strict()).max(MAX_OPTIONS);

const variantConstraintSchema = z
  .object({
    size: optionText.optional(),
    color: optionText.optional(),
    sku: z.string().trim().min(1).max(60).optional(),
    options: optionsSchema.optional(),
  })
  .strict();

const refinementSchema = z
  .object({
    sameKindAsBefore: z.boolean(),
    price: z.enum(["cheaper", "more_expensive"]).optional(),
    attribute: z.object({ kind: z.enum(ATTRIBUTE_KINDS), direction: z.enum(["less", "more"]) }).strict().optional(),
    options: optionsSchema.optional(),
  })
  .strict();

/** Size, colour, other options and SKU the shopper asked about, as the model read them. */
export type VariantConstraint = z.infer<typeof variantConstraintSchema>;
/** "Cheaper", "a lighter one", "in blue" after a list: directions and option values over the items just shown. */
export type Refinement = z.infer<typeof refinementSchema>;

const searchCatalogArguments = z.object({
  queries: z.array(z.string().trim().min(1).max(200)).min(1).max(MAX_QUERIES),
  maxPrice: z.number().positive().finite().optional(),
  minPrice: z.number().nonnegative().finite().optional(),
  sort: z.enum(["relevance", "price_asc", "price_desc"]).optional(),
  variant: variantConstraintSchema.optional(),
  refinement: refinementSchema.optional(),
});

export function understandByRules(message: string, history: PastTurn[]): Understanding {
  const greeting = isGreeting(message);
  return {
    queries: greeting ? [] : [retrievalQuery(message, history)],
    constraint: priceConstraint(message),
    greeting,
    policyQuery: policyWords(message).join(" "),
    by: "rules",
  };
}

/** The model's reading when it gives a valid one; the rules' otherwise (and for greetings and policy words always). */
export async function understandTurn(
  input: { message: string; history: PastTurn[]; catalogLanguage?: string; provider?: ChatModelProvider; signal?: AbortSignal },
): Promise<Understanding> {
  const rules = understandByRules(input.message, input.history);
  if (!input.provider?.understand || rules.greeting) return rules;
  try {
    const parsed = searchCatalogArguments.safeParse(await input.provider.understand({ messages: understandMessages(input), signal: input.signal }));
    if (!parsed.success) {
      console.warn("[palompy] query understanding returned invalid arguments; the rules read the question");
      return { ...rules, failure: "understand_invalid" };
    }
    const { queries, maxPrice, minPrice, sort, variant, refinement } = parsed.data;
    const constraint: PriceConstraint = {
      ...rules.constraint,
      ...(maxPrice !== undefined ? { max: maxPrice } : {}),
      ...(minPrice !== undefined ? { min: minPrice } : {}),
      ...(sort === "price_asc" ? { order: "asc" as const } : sort === "price_desc" ? { order: "desc" as const } : {}),
    };
    const asked = variant && Object.keys(variant).length ? { variant } : {};
    return { ...rules, queries, constraint, ...asked, ...(refinement ? { refinement } : {}), by: "model" };
  } catch (error) {
    if (input.signal?.aborted) throw error;
    console.warn("[palompy] query understanding failed; the rules read the question", error instanceof Error ? error.message : error);
    return { ...rules, failure: "understand_failed" };
  }
}

function understandMessages(input: { message: string; history: PastTurn[]; catalogLanguage?: string }): PromptMessage[] {
  const recent = input.history.slice(-2).flatMap((turn) => [
    { role: "user" as const, content: turn.message },
    { role: "assistant" as const, content: turn.answer.slice(0, 500) },
  ]);
  return [
    {
      role: "system",
      content: `You turn a shopper's latest message into catalog searches for an online store. Call ${SEARCH_CATALOG} once. Write the queries in the catalog's language${input.catalogLanguage ? ` (${input.catalogLanguage})` : ""}; when the shopper wrote in another language, add one query in the shopper's language too. Resolve "it", "this one", "cheaper" from the earlier turns. Put price bounds and "cheapest"/"most expensive" into the filters, not the queries. A size, colour, other option or SKU the shopper asks about goes into "variant". When the message only refines the products of your previous answer ("cheaper", "a lighter one", "in blue", "for women"), fill "refinement" and keep the queries about that same kind of product.`,
    },
    ...recent,
    { role: "user", content: input.message },
  ];
}

import { z } from "zod";
import { retrievalQuery, type PastTurn } from "./conversation.server";
import { isGreeting, policyWords, priceConstraint, type PriceConstraint } from "./intents";
import type { PromptMessage } from "./prompt";
import type { ChatModelProvider } from "./providers/types";

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
  by: "rules" | "model";
  /** Why the model's reading was not used; the answer itself did not fall back, so this is only logged to the console. */
  failure?: "understand_invalid" | "understand_failed";
}

export const SEARCH_CATALOG = "search_catalog";
const MAX_QUERIES = 3;

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
  },
  required: ["queries"],
  additionalProperties: false,
} as const;

const searchCatalogArguments = z.object({
  queries: z.array(z.string().trim().min(1).max(200)).min(1).max(MAX_QUERIES),
  maxPrice: z.number().positive().finite().optional(),
  minPrice: z.number().nonnegative().finite().optional(),
  sort: z.enum(["relevance", "price_asc", "price_desc"]).optional(),
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
    const { queries, maxPrice, minPrice, sort } = parsed.data;
    const constraint: PriceConstraint = {
      ...rules.constraint,
      ...(maxPrice !== undefined ? { max: maxPrice } : {}),
      ...(minPrice !== undefined ? { min: minPrice } : {}),
      ...(sort === "price_asc" ? { order: "asc" as const } : sort === "price_desc" ? { order: "desc" as const } : {}),
    };
    return { ...rules, queries, constraint, by: "model" };
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
      content: `You turn a shopper's latest message into catalog searches for an online store. Call ${SEARCH_CATALOG} once. Write the queries in the catalog's language${input.catalogLanguage ? ` (${input.catalogLanguage})` : ""}; when the shopper wrote in another language, add one query in the shopper's language too. Resolve "it", "this one", "cheaper" from the earlier turns. Put price bounds and "cheapest"/"most expensive" into the filters, not the queries.`,
    },
    ...recent,
    { role: "user", content: input.message },
  ];
}

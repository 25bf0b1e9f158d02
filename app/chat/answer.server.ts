import { rawQuery } from "~/db/raw-sql.server";
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { logChatTurn, replyWaitsForLog } from "./chat-log.server";
import { ageFirst } from "./age-fit";
import { answeringChunks, contextForLog, isRelevant, sourcesOf, withinPriceConstraint, withinTokenBudget, type ChatSource, type ContextChunk } from "./context";
import { isGreeting, isOrderStatusQuestion } from "./intents";
import { conversationActiveSince, conversationIdFor, HISTORY_TURNS, loadRecentTurns, type PastTurn } from "./conversation.server";
import type { ChatEvent, ChatReply } from "./events";
import { destinationPolicy, guardDestinations, type DestinationPolicy } from "./guardrails/destinations";
import { amountsIn, GuardedSentenceStream, productAmounts, type PriceGuardContext, type PricedItem } from "./guardrails/prices";
import { classifyScope, refusalText } from "./guardrails/scope";
import { composerLanguage, detectLanguage, type Language } from "./language";
import { asksForPerson } from "./handoff-intent";
import { extractLeadFields } from "./lead-extractor";
import { hasAny, isReachable, type CollectedData } from "./lead-fields";
import { recordTurnLead } from "./leads.server";
import { orderStatusTurn, type OrderStatusDependencies } from "./order-status";
import { orderTrackingAnswer } from "./order-tracking";
import { contactTurn } from "./contact-turn";
import { fromRussianTransliteration } from "./transliteration";
import { storedTurnState, type TurnState } from "./turn-state";
import { formatPrice, parseAmount } from "./price-format";
import { buildMessages } from "./prompt";
import { composeListing, composeOfflineAnswer, composeVariantAnswer, tokensOf, type ComposedAnswer, type ListingAlternative } from "./offline-composer";
import { ProviderFailure, type ChatModelProvider } from "./providers/types";
import { coverageFirst, otherLanguageServiceQuery } from "./service-topics";
import { shopProfile, type ShopProfile } from "./shop-profile";
import { log } from "~/log.server";
import { understandByRules, understandTurn, type Understanding } from "./understand";
import { variantsOf, type ProductTexts } from "./variants";
import { itemsOfKind, kindFirst, likeProduct, listingRequest, mostAlike, namedKind, namedTagCount, narrowingOfShown, otherLanguageKind, respelledKind, seasonFirst, type ListingRequest } from "./listing";
import { refinementListing } from "./refinement";
import { withoutSeasonWords, withSeasonWords } from "./season-words";
import { askedVariantLines, resolveAskedVariant, withVariantLines } from "./variant-lines";
import { productsByHandle } from "~/knowledge/handle-search.server";
import { shopSynonyms, type SynonymGroups } from "~/knowledge/synonyms";
import { readShopSettings } from "~/shops/settings";

// "lexical": the lexical channel alone (a pass that keeps only lexically matched chunks anyway).
export type RetrieveFn = (query: string, options: { limit: number; synonyms?: SynonymGroups; mode?: "hybrid" | "lexical" }) => Promise<ContextChunk[]>;

/** Several retrievals at once, each as RetrieveFn returns it alone (in fewer round trips). */
export type RetrieveAllFn = (requests: Array<{ query: string; options: Parameters<RetrieveFn>[1] }>) => Promise<ContextChunk[][]>;

export interface ChatDependencies {
  prisma: PrismaClient;
  retrieve: RetrieveFn;
  retrieveAll: RetrieveAllFn;
  /** The language model; absent means the offline composer answers every turn. */
  provider?: ChatModelProvider;
  /** Cosine similarity under which a chunk without a lexical or exact hit is not an answer. */
  similarityThreshold: number;
  contextTokenBudget: number;
  /** Inactivity after which a session's history and lead no longer carry over. */
  conversationIdleHours: number;
  /**
   * Asked once per turn that would call the model; false (the shop's daily model budget is spent)
   * makes the offline composer answer.
   */
  allowModelCall?: () => Promise<boolean>;
  /** The storefront origins the shop's platform reports (Shopify primary domain, WordPress site): answers may link there. */
  storefrontOrigins?: () => Promise<string[]>;
  /** The shop's order lookup; absent means the chat can only point to the store for order status. */
  orderStatus?: OrderStatusDependencies;
}

export interface ChatTurnInput {
  /** `domain`: the storefront's own host (Shopify, WooCommerce), one of the origins answers may link to. */
  shop: { id: string; name: string; settings: unknown; domain?: string | null };
  sessionId: string;
  message: string;
  lang?: string;
  page?: { url?: string; title?: string };
  signal?: AbortSignal;
  /**
   * The conversation so far when the caller read it already (in the statement of the turn's rate
   * limits): the last HISTORY_TURNS turns since `since`, oldest first, and whether the session left
   * a lead since then (leads.server.ts's openLeadColumn). Read here otherwise.
   */
  recent?: { since: Date; turns: PastTurn[]; leadOpen?: boolean };
}

const RETRIEVE_LIMIT = 10;
const POLICY_LIMIT = 3;
const OFFLINE = { provider: "offline", model: null } as const;

/**
 * One chat turn as a stream of events: sources first, then guarded answer tokens, then the lead
 * (if the shopper shared contact data), then `done` with the logged record. Routes decide how to
 * deliver it (SSE or one JSON reply); nothing here knows about HTTP.
 */
export async function* answerTurn(deps: ChatDependencies, typed: ChatTurnInput): AsyncGenerator<ChatEvent> {
  const { prisma } = deps;
  // «zakaz ne prishel uzhe nedelyu»: Russian typed in Latin letters is read as the Russian it is; the log keeps what was typed.
  const readable = fromRussianTransliteration(typed.message);
  const input = readable ? { ...typed, message: readable } : typed;
  const profile = shopProfile(input.shop);
  const conversationId = conversationIdFor(input.shop.id, input.sessionId);
  const activeSince = input.recent?.since ?? conversationActiveSince(deps.conversationIdleHours);
  // A greeting opens a new topic: nothing from earlier turns ("Привет" after tents is no tent question).
  const greeting = isGreeting(input.message);
  const history = greeting ? [] : (input.recent?.turns ?? (await loadRecentTurns(prisma, input.shop.id, input.sessionId, HISTORY_TURNS, activeSince)));
  const language = detectLanguage(input.message, { lang: input.lang, fallback: profile.defaultLanguage, previous: history.at(-1)?.language });
  const writeIn = composerLanguage(language);
  const turnLead = extractLeadFields(input.message);

  const base: TurnBase = { profile, language, writeIn, conversationId, history, turnLead, activeSince, typedMessage: typed.message };
  const scope = classifyScope(input.message);
  if (!scope.allowed) {
    yield* finishTurn(deps, input, base, {
      sources: [],
      context: [],
      stream: oneShot(refusalText(profile.name, writeIn, scope.category)),
      meta: { provider: "guardrail", model: null, fallbackReason: null, unanswered: false, retrievalMs: 0 },
    });
    return;
  }

  // "Where is my order?" is answered by the shop's order lookup, never by the model or the catalogue.
  const orderTurn = await orderStatusTurn(deps.orderStatus, { message: input.message, history, turnLead, sessionId: input.sessionId, language: writeIn, profile });
  if (orderTurn) {
    // Details typed for the shop's own lookup are for that lookup, not a request to be contacted.
    const forLookup = orderTurn.outcome !== "unavailable";
    yield* finishTurn(deps, input, forLookup ? { ...base, turnLead: {} } : base, {
      sources: [],
      context: [],
      stream: oneShot(orderTurn.text),
      state: orderTurn.state,
      meta: { provider: "order_status", model: null, fallbackReason: null, unanswered: false, retrievalMs: 0 },
    });
    return;
  }
  // The shop's daily model budget is asked once per turn, before the first model call.
  const modelAllowed = !!deps.provider && (deps.allowModelCall ? await deps.allowModelCall() : true);
  const model = modelAllowed ? deps.provider : undefined;

  // A request to be contacted (or to talk to a person) is confirmed as such, never searched. A
  // model, when there is one, words it and records what it adds; the lead keeps the reason either way.
  const lastState = history.at(-1)?.state;
  const askedForContact = lastState?.awaiting === "contact_details" ? { reason: lastState.contactReason } : undefined;
  const contact = contactTurn(input.message, turnLead, writeIn, profile, askedForContact);
  if (contact) base.turnLead = contact.lead;
  if (contact && !model) {
    yield* finishTurn(deps, input, base, {
      sources: [],
      context: [],
      stream: oneShot(contact.text),
      state: contact.state,
      meta: { ...OFFLINE, fallbackReason: deps.provider ? "model_budget_exhausted" : null, unanswered: false, retrievalMs: 0 },
    });
    return;
  }
  if (!contact && isOrderStatusQuestion(input.message)) {
    // No lookup here: the shop's own tracking answer, never a FAQ that merely shares the word "order".
    const trackingStart = performance.now();
    // Only lexically matched passages can answer it (orderTrackingAnswer), so the other channels would be work for nothing.
    const tracking = await orderTrackingAnswer((query) => deps.retrieve(query, { limit: RETRIEVE_LIMIT, mode: "lexical" }), { message: input.message, language: writeIn, profile }).catch(
      (error: unknown) => {
        log.error("retrieval failed", { error });
        return undefined;
      },
    );
    if (tracking) {
      const retrievalMs = Math.round(performance.now() - trackingStart);
      const guard = priceGuardContext(tracking.used, writeIn, input.shop.settings);
      const destinations = answerDestinations(input, tracking.used, history, (await deps.storefrontOrigins?.()) ?? []);
      if (!model) {
        yield* finishTurn(deps, input, base, {
          sources: sourcesOf(tracking.used),
          context: tracking.used,
          stream: offlineStream(tracking),
          guard,
          destinations,
          meta: { ...OFFLINE, fallbackReason: deps.provider ? "model_budget_exhausted" : null, unanswered: false, retrievalMs },
        });
        return;
      }
      // The model sees the tracking answer alone, so it cannot answer with another FAQ.
      const messages = buildMessages({ profile, language, context: tracking.used, history, message: input.message, page: input.page });
      yield* finishTurn(deps, input, base, {
        sources: sourcesOf(tracking.used),
        context: tracking.used,
        stream: modelStream(model, messages, tracking, input.signal),
        guard,
        destinations,
        offline: tracking,
        meta: { provider: model.name, model: model.model, fallbackReason: null, unanswered: false, retrievalMs },
      });
      return;
    }
  }

  const retrievalStart = performance.now();
  const understanding = greeting
    ? understandByRules(input.message, history)
    : await understandTurn({ message: input.message, history, catalogLanguage: profile.defaultLanguage, provider: model, signal: input.signal });
  const synonyms = shopSynonyms(input.shop.settings);
  // The model's reading of a refinement ("something cheaper") first: it catches wordings the rules do not.
  let requested = greeting ? undefined : (refinementListing(understanding.refinement, history, understanding.constraint) ?? listingRequest(input.message, history, understanding.constraint, synonyms));
  let listed = requested ? await listedItems(deps, input.shop.id, requested, synonyms) : undefined;
  // A "kind" no item has, right after a listing («а какие есть аудиокнигой?»): the shown kind narrowed by it, if any item has it.
  const narrowing = requested && listed && !listed.items.length ? narrowingOfShown(requested, history) : undefined;
  const narrowed = narrowing && (await listedItems(deps, input.shop.id, narrowing, synonyms));
  if (narrowing && narrowed?.items.length) [requested, listed] = [narrowing, narrowed];
  // A refinement of one product comes back with the kind its items share.
  const listing = listed?.request ?? requested;
  let context: ContextChunk[];
  let offline: ComposedAnswer;
  let retrievalFailure: string | null = null;
  // A contact request a model words still waits for the details it asked for.
  let state: TurnState | undefined = contact?.state;
  let retrievalMs: number;
  let productTexts: ProductTexts | undefined;
  if (listing && listed && (listed.items.length > 0 || listing.shown)) {
    // A request for a kind of product (or a refinement of the kind just shown): its items, all of them counted.
    retrievalMs = Math.round(performance.now() - retrievalStart);
    // A refinement by a word no item has ("in green" where the mugs say «Зелёная»): the options the shown items do come in.
    const alternatives = !listed.items.length && listing.narrowing.length ? shownWithOptions(listing, listed.candidates, listed.texts) : [];
    context = withinTokenBudget((listed.items.length ? listed.items : alternatives.map((entry) => entry.item)).slice(0, LISTING_CONTEXT), deps.contextTokenBudget);
    // A refinement that leaves one item and names its size or colour ("in XL?"): that variant's price and stock.
    const one = listing.shown && listed.items.length === 1 && !hasAny(turnLead) ? listed.items : undefined;
    const variant = one && composeVariantAnswer({ message: input.message, products: one, productTexts: await productTextsOf(prisma, input.shop.id, one), language: writeIn });
    offline = variant || composeListing({ request: listing, items: listed.items, language: writeIn, collected: turnLead, alternatives });
    state = { listing: { kind: listing.kind, synonyms: listing.synonyms, query: listing.query, ...(listing.labels ? { labels: listing.labels.filter((label) => label.length <= 100).slice(0, 10) } : {}) } };
  } else {
    // A need naming a season searches for it in both languages too (season-words.ts): same statements, one query each.
    const found = await retrieveContext(deps, { ...understanding, queries: understanding.queries.map((query) => withSeasonWords(query, input.message)) }, input.shop.settings, input.message);
    let chunks = found.chunks;
    retrievalMs = Math.round(performance.now() - retrievalStart);
    // A product whose id equals the shopper's order number is a coincidence, not an answer.
    if (turnLead.orderNumber) chunks = chunks.filter((chunk) => !(chunk.exactMatch && chunk.sourceId.toUpperCase() === turnLead.orderNumber && chunk.sku?.toUpperCase() !== turnLead.orderNumber));
    let answering = answeringChunks(chunks, (chunk) => found.policyAnswers.has(chunk.chunkId) || isRelevant(chunk, deps.similarityThreshold));
    // A store-service question (delivery, pickup, returns…) that nothing found answers in the
    // shopper's language may have its answer in the other one: the shop's FAQ in one language.
    const bridge = found.failure ? undefined : otherLanguageServiceQuery(input.message, answering.filter((chunk) => chunk.sourceType !== "product"));
    if (bridge) {
      // The topic's own words in the other language, matched against titles about the topic: the
      // lexical channel alone finds them, and the other channels' candidates would be dropped here anyway.
      const bridged =
        found.bridgeAhead?.query === bridge.query
          ? found.bridgeAhead.chunks
          : await deps.retrieve(bridge.query, bridgeOptions(input.shop.settings)).catch((error: unknown) => {
              log.error("retrieval failed", { error });
              return [];
            });
      // Every one of these is about the asked topic; a FAQ (the shop's answer to a shopper's question)
      // before a policy (its terms), as the shopper asked a question.
      const answers = bridged
        .filter((chunk) => storeTextMatched(chunk) && bridge.answers(chunk))
        .sort((a, b) => Number(b.sourceType === "faq") - Number(a.sourceType === "faq"));
      answering = [...answers, ...answering.filter((chunk) => !answers.some((answer) => answer.chunkId === chunk.chunkId))];
      retrievalMs = Math.round(performance.now() - retrievalStart);
    }
    // Nothing the shop wrote matches ("Do you have thermoses?" where the shop names them «Термос»): its URL handles may.
    if (!found.failure && !answering.length) {
      answering = await productsByHandle(prisma, input.shop.id, input.message).catch((error: unknown) => {
        log.error("retrieval failed", { error });
        return [];
      });
      retrievalMs = Math.round(performance.now() - retrievalStart);
    }
    // "Do you deliver to Latvia?" that no found text names: where the shop delivers, before its delivery prices.
    answering = coverageFirst(input.message, answering);
    // The kind the message names (a catalog tag) comes first and is what "lightest"/«лёгкая» sorts.
    // A season's word names no kind («куртка на зиму»: not the boots tagged «зима»); seasonFirst orders by it.
    const kindWords = withoutSeasonWords(input.message);
    const ofKind = namedKind(answering, kindWords);
    const named = ofKind && namedTagCount(kindWords);
    const seasoned = seasonFirst(kindFirst(withinPriceConstraint(answering, understanding.constraint, ofKind, named), ofKind, kindWords), input.message, understanding.constraint, ofKind);
    // A child's age («сыну 10 лет»): the products whose own texts say that age, before those for other ages.
    const relevant = ageFirst(seasoned, input.message, understanding.constraint, ofKind);
    context = withinTokenBudget(relevant, deps.contextTokenBudget);
    const query = understanding.queries.join("\n");
    retrievalFailure = found.failure;
    productTexts = await productTextsOf(prisma, input.shop.id, context);
    offline = composeOfflineAnswer({ message: input.message, topic: query, language: writeIn, chunks: context, profile, collected: turnLead, productTexts });
  }
  const answered = context.length > 0 || offline.kind === "greeting" || offline.kind === "lead_ack";
  const guardContext = priceGuardContext(context, writeIn, input.shop.settings);
  const destinations = answerDestinations(input, context, history, (await deps.storefrontOrigins?.()) ?? []);

  if (!deps.provider || !model) {
    yield* finishTurn(deps, input, base, {
      sources: sourcesOf(offline.used),
      context,
      stream: offlineStream(offline),
      guard: guardContext,
      destinations,
      state,
      meta: { ...OFFLINE, fallbackReason: retrievalFailure ?? (deps.provider ? "model_budget_exhausted" : null), unanswered: !answered, retrievalMs },
    });
    return;
  }

  // The model sees each product's variant lines (title, SKU, price, stock) and the asked variant resolved.
  const texts = productTexts ?? (await productTextsOf(prisma, input.shop.id, context));
  const withVariants = withVariantLines(context, texts);
  const asked = resolveAskedVariant({ message: input.message, variant: understanding.variant, context: withVariants, texts });
  const messages = buildMessages({ profile, language, context: withVariants, history, message: input.message, page: input.page, askedVariant: asked && askedVariantLines(asked) });
  yield* finishTurn(deps, input, base, {
    sources: sourcesOf(context),
    context: withVariants,
    stream: modelStream(model, messages, offline, input.signal),
    guard: priceGuardContext(withVariants, writeIn, input.shop.settings),
    destinations,
    offline,
    state,
    meta: { provider: model.name, model: model.model, fallbackReason: retrievalFailure, unanswered: !answered, retrievalMs },
  });
}

/**
 * The retrieve stage: every query of the understanding (results merged, best score first) and, for
 * a returns or warranty question about a product ("Can I return boots I wore?"), the policy by
 * itself, since the product words may push it out of the results.
 */
async function retrieveContext(
  deps: ChatDependencies,
  understanding: Understanding,
  settings: unknown,
  message: string,
): Promise<{ chunks: ContextChunk[]; policyAnswers: Set<string>; failure: string | null; bridgeAhead?: { query: string; chunks: ContextChunk[] } }> {
  const policyAnswers = new Set<string>();
  const synonyms = shopSynonyms(settings);
  // A store-service question's bridge to the other language (answerTurn) is only known to be needed
  // once the results are in; its query, when nothing answers the asked topics, goes with the others
  // so that a turn needing it waits for no second retrieval. A lexical pass of a few words.
  const bridgeAhead = otherLanguageServiceQuery(message)?.query;
  try {
    // The policy pass goes with the queries: one round trip for all of them where the database allows.
    const requests = [
      ...understanding.queries.map((query) => ({ query, options: { limit: RETRIEVE_LIMIT, synonyms } })),
      ...(understanding.policyQuery ? [{ query: understanding.policyQuery, options: { limit: POLICY_LIMIT, mode: "lexical" as const } }] : []),
      ...(bridgeAhead ? [{ query: bridgeAhead, options: bridgeOptions(settings) }] : []),
    ];
    const found = await deps.retrieveAll(requests);
    const byId = new Map<string, ContextChunk>();
    for (const chunk of found.slice(0, understanding.queries.length).flat()) {
      const seen = byId.get(chunk.chunkId);
      if (!seen || chunk.score > seen.score) byId.set(chunk.chunkId, chunk);
    }
    let chunks = [...byId.values()].sort((a, b) => b.score - a.score);
    if (understanding.policyQuery) {
      const policies = found[understanding.queries.length].filter(storeTextMatched);
      for (const chunk of policies) policyAnswers.add(chunk.chunkId);
      chunks = [...policies, ...chunks.filter((chunk) => !policyAnswers.has(chunk.chunkId))];
    }
    return { chunks, policyAnswers, failure: null, ...(bridgeAhead ? { bridgeAhead: { query: bridgeAhead, chunks: found[requests.length - 1] } } : {}) };
  } catch (error) {
    // Without context the composer still answers honestly ("I don't know, contact the store").
    log.error("retrieval failed", { error });
    return { chunks: [], policyAnswers, failure: "retrieval_failed" };
  }
}

/** The store-service bridge's retrieval: the topic's words matched against titles about it, by the lexical channel alone. */
const bridgeOptions = (settings: unknown) => ({ limit: RETRIEVE_LIMIT, synonyms: shopSynonyms(settings), mode: "lexical" as const });

/** A FAQ, policy or page (not a product) that the lexical channel matched: what the passes read with it alone keep. */
const storeTextMatched = (chunk: ContextChunk) => chunk.sourceType !== "product" && (chunk.lexicalRank ?? 0) > 0;

/** Candidates read for a listing: enough for every item of a kind in a small shop, bounded in a big one. */
const LISTING_CANDIDATES = 40;
/** Items of a listing a model sees (the offline answer counts them all and shows the first few). */
const LISTING_CONTEXT = 10;

interface ListedItems {
  items: ContextChunk[];
  request: ListingRequest;
  /** Every product retrieved for the kind, before the refinement narrowed them. */
  candidates: ContextChunk[];
  /** Their chunk texts, read when the request narrows by words. */
  texts?: ProductTexts;
}

/** The shown items (in their order) among the candidates, each with its variants; only those that have several. */
function shownWithOptions(listing: ListingRequest, candidates: ContextChunk[], texts: ProductTexts | undefined): ListingAlternative[] {
  const ids = listing.shown?.ids ?? [];
  return ids.flatMap((id) => {
    const item = candidates.find((chunk) => chunk.sourceType === "product" && chunk.sourceId === id);
    const variants = item ? variantsOf(texts?.get(id) ?? [item.text]) : [];
    return item && variants.length > 1 ? [{ item, variants }] : [];
  });
}

async function listedItems(deps: ChatDependencies, shopId: string, asked: ListingRequest, synonyms: SynonymGroups): Promise<ListedItems | undefined> {
  try {
    // "Cheaper" after one product: the kind is read from that product's own tags.
    const request = asked.like ? likeProduct(asked, (await productTextsOf(deps.prisma, shopId, [asked.like.id])).get(asked.like.id) ?? []) : asked;
    if (!request) return undefined;
    const alike = mostAlike(request, await deps.retrieve(request.also ? `${request.query} ${request.also}` : request.query, { limit: LISTING_CANDIDATES, synonyms }));
    const candidates = alike.chunks;
    const texts = request.narrowing.length || request.constraint.attribute ? await productTextsOf(deps.prisma, shopId, candidates, LISTING_CANDIDATES) : undefined;
    const items = itemsOfKind(alike.request, candidates, (chunk) => texts?.get(chunk.sourceId) ?? [chunk.text]);
    // No item of the kind as the shopper spelt it («павербанки»): the kind as the shop's tags spell it.
    const respelled = items.length ? undefined : respelledKind(alike.request, candidates);
    if (respelled) {
      const more = [...candidates, ...(await deps.retrieve(respelled.query, { limit: LISTING_CANDIDATES, synonyms }))];
      return { items: itemsOfKind(respelled, more, (chunk) => [chunk.text]), request: respelled, candidates: more };
    }
    // The kind's name in the other language, from its items' own URL handles («рюкзаки» at /products/taiga-40-backpack):
    // the items the shop tagged only in that language are of the kind too.
    const bridge = texts ? undefined : otherLanguageKind(alike.request, items);
    if (!bridge) return { items, request: alike.request, candidates, texts };
    const more = [...candidates, ...(await deps.retrieve(bridge.query, { limit: LISTING_CANDIDATES, synonyms }))];
    return { items: itemsOfKind(bridge.request, more, (chunk) => [chunk.text]), request: bridge.request, candidates: more };
  } catch (error) {
    log.error("retrieval failed", { error });
    return undefined;
  }
}

const MAX_PRODUCTS_READ = 8;

/**
 * Every chunk text of the products in the context: a long product's variant lines (size, colour,
 * their prices and stock) sit in its last chunk, which the query may not have ranked.
 */
async function productTextsOf(prisma: PrismaClient, shopId: string, context: Array<ContextChunk | string>, limit = MAX_PRODUCTS_READ): Promise<ProductTexts> {
  const ids = [...new Set(context.flatMap((chunk) => (typeof chunk === "string" ? [chunk] : chunk.sourceType === "product" ? [chunk.sourceId] : [])))].slice(0, limit);
  const texts: ProductTexts = new Map();
  // Retrieval read them with the chunks it chose; a statement only for products it did not.
  for (const chunk of context) if (typeof chunk !== "string" && chunk.itemTexts && ids.includes(chunk.sourceId)) texts.set(chunk.sourceId, chunk.itemTexts);
  const missing = ids.filter((id) => !texts.has(id));
  if (!missing.length) return texts;
  const rows = await rawQuery<{ sourceId: string; text: string }>(
    prisma,
    Prisma.sql`
      SELECT source_id AS "sourceId", text FROM knowledge_chunks
      WHERE shop_id = ${shopId}::uuid AND source_type = 'product'::"SourceType" AND source_id IN (${Prisma.join(missing)})
      ORDER BY chunk_index`,
  );
  for (const row of rows) texts.set(row.sourceId, [...(texts.get(row.sourceId) ?? []), row.text]);
  return texts;
}

/** What a generation stream reports besides text. */
type GenerationSignal =
  | { type: "token"; text: string }
  | { type: "collected"; data: unknown }
  | { type: "usage"; promptTokens: number; completionTokens: number }
  /** The model failed; the offline answer takes over the turn. */
  | { type: "fallback"; reason: string; offline: ComposedAnswer };

interface TurnPlan {
  sources: ChatSource[];
  context: ContextChunk[];
  stream: AsyncIterable<GenerationSignal>;
  guard?: PriceGuardContext;
  /** Where the answer may send the shopper (links, emails, phones); with `guard`. */
  destinations?: DestinationPolicy;
  /** Last resort when the stream leaves no answer. */
  offline?: ComposedAnswer;
  /** What the conversation waits for after this turn. */
  state?: TurnState;
  meta: { provider: string; model: string | null; fallbackReason: string | null; unanswered: boolean; retrievalMs: number };
}

interface TurnBase {
  profile: ShopProfile;
  language: Language;
  writeIn: "ru" | "en";
  conversationId: string;
  history: PastTurn[];
  turnLead: CollectedData;
  activeSince: Date;
  /** The message as the shopper typed it (the turn may read it otherwise: fromRussianTransliteration), for the log. */
  typedMessage: string;
}

async function* finishTurn(deps: ChatDependencies, input: ChatTurnInput, base: TurnBase, plan: TurnPlan): AsyncGenerator<ChatEvent> {
  const generationStart = performance.now();
  const meta = { ...plan.meta, promptTokens: null as number | null, completionTokens: null as number | null };
  const destinations = plan.destinations;
  const checkDestinations = destinations ? (sentence: string) => guardDestinations(sentence, destinations) : undefined;
  const newGate = () => (plan.guard ? new GuardedSentenceStream(plan.guard, checkDestinations) : undefined);
  let gate = newGate();
  let answer = "";
  let modelCollected: unknown;
  let sources = plan.sources;
  let logged = false;
  let failed = false;
  const elapsed = () => Math.round(performance.now() - generationStart);
  const logTurn = (fallbackReason: string | null, generationMs = elapsed(), alongside?: Prisma.Sql) =>
    logChatTurn(deps.prisma, {
      shopId: input.shop.id,
      sessionId: input.sessionId,
      conversationId: base.conversationId,
      message: base.typedMessage,
      answer: answer.trim(),
      language: base.language,
      context: contextForLog(plan.context),
      sources,
      provider: meta.provider,
      model: meta.model,
      promptTokens: meta.promptTokens,
      completionTokens: meta.completionTokens,
      retrievalMs: meta.retrievalMs,
      generationMs,
      fallbackReason,
      unanswered: meta.unanswered,
      pageUrl: input.page?.url ?? null,
      state: storedTurnState(plan.state),
    }, alongside);

  try {
    yield { type: "sources", sources: plan.sources };
    for await (const signal of plan.stream) {
      if (signal.type === "token") {
        const released = gate ? gate.push(signal.text) : signal.text;
        if (released) {
          answer += released;
          yield { type: "token", text: released };
        }
      } else if (signal.type === "collected") {
        modelCollected = signal.data;
      } else if (signal.type === "usage") {
        meta.promptTokens = signal.promptTokens;
        meta.completionTokens = signal.completionTokens;
      } else {
        // Mid-stream failure: what the shopper already read stays; an unfinished sentence is dropped
        // (it was never shown), and the offline answer follows after a short note.
        const sentBefore = answer.trim() !== "";
        meta.provider = OFFLINE.provider;
        meta.model = OFFLINE.model;
        meta.fallbackReason = sentBefore ? `${signal.reason}_mid_stream` : signal.reason;
        gate = newGate();
        const offlineText = sentBefore ? `\n\n${TEXT[base.writeIn].interrupted}\n${signal.offline.text}` : signal.offline.text;
        if (!sentBefore) sources = sourcesOf(signal.offline.used);
        for (const token of tokensOf(offlineText)) {
          const released = gate ? gate.push(token) : token;
          if (released) {
            answer += released;
            yield { type: "token", text: released };
          }
        }
      }
    }
    const rest = gate?.flush() ?? "";
    if (rest) {
      answer += rest;
      yield { type: "token", text: rest };
    }
    if (!answer.trim() && plan.offline) {
      // The guard removed every sentence (or nothing came): the shopper still gets an answer.
      meta.fallbackReason ??= "guard_removed_answer";
      meta.provider = OFFLINE.provider;
      meta.model = OFFLINE.model;
      sources = sourcesOf(plan.offline.used);
      for (const token of tokensOf(plan.offline.text)) {
        answer += token;
        yield { type: "token", text: token };
      }
    }
    answer = answer.trim();
    // Generation ends here; the lead and log writes below are not the model's time.
    const generationMs = elapsed();

    const lead = await recordTurnLead(deps.prisma, {
      shopId: input.shop.id,
      sessionId: input.sessionId,
      message: input.message,
      typed: base.turnLead,
      model: modelCollected,
      pageUrl: input.page?.url,
      activeSince: base.activeSince,
      leadOpen: input.recent?.leadOpen,
    });

    logged = true;
    // An aborted model stream ends quietly: the turn completes with what was shown, marked as such.
    const { id: messageId, written } = logTurn(input.signal?.aborted ? disconnected(meta.fallbackReason) : meta.fallbackReason, generationMs, lead.enrichment);
    // A lead's enrichment is known only once the row's statement ran: the reply says what was stored.
    const waited = lead.enrichment || replyWaitsForLog(deps.prisma) ? await written : undefined;
    if (!waited) written.catch((error: unknown) => log.error("could not log a chat turn after its reply", { error }));
    const collectedData = lead.stored || waited?.alongsideChanged ? lead.data : {};
    if (hasAny(collectedData)) yield { type: "lead", collectedData };
    // The widget offers the contact form when the shopper wants a person or the assistant had no answer.
    // Never for details the shopper has just given: the form would ask for them again.
    const handoff = (meta.unanswered || asksForPerson(input.message)) && !isReachable(collectedData);
    const reply: ChatReply = {
      answer,
      sources,
      collectedData,
      language: base.language,
      messageId,
      conversationId: base.conversationId,
      handoff,
      sessionIdleHours: deps.conversationIdleHours,
    };
    yield { type: "done", reply };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // The shopper closed the page or the widget mid-answer: the turn still goes in the log (the
    // merchant's record and the conversation's history), with what had been shown so far.
    if (!logged && !failed) {
      await logTurn(disconnected(meta.fallbackReason)).written.catch((error: unknown) => log.error("could not log an interrupted chat turn", { error }));
    }
  }
}

const disconnected = (fallbackReason: string | null) =>
  fallbackReason ? `${fallbackReason};client_disconnected` : "client_disconnected";

const TEXT = {
  ru: { interrupted: "(Связь с ассистентом прервалась — вот что я нашёл в информации магазина.)" },
  en: { interrupted: "(The assistant was interrupted — here is what I found in the store's information.)" },
} as const;

async function* oneShot(text: string): AsyncIterable<GenerationSignal> {
  for (const token of tokensOf(text)) yield { type: "token", text: token };
}

async function* offlineStream(answer: ComposedAnswer): AsyncIterable<GenerationSignal> {
  for (const token of tokensOf(answer.text)) yield { type: "token", text: token };
}

/**
 * The model's stream, turned into a fallback signal on failure. Nothing the model said counts as
 * an answer when it said nothing: an empty reply falls back too.
 */
async function* modelStream(
  provider: ChatModelProvider,
  messages: ReturnType<typeof buildMessages>,
  offline: ComposedAnswer,
  signal: AbortSignal | undefined,
): AsyncIterable<GenerationSignal> {
  let text = "";
  try {
    for await (const event of provider.generate({ messages, signal })) {
      if (event.type === "token") text += event.text;
      yield event;
    }
  } catch (error) {
    if (!(error instanceof ProviderFailure)) {
      if (signal?.aborted) throw error;
      log.error("chat provider failed unexpectedly", { error });
    }
    yield { type: "fallback", reason: error instanceof ProviderFailure ? error.reason : "provider_error", offline };
    return;
  }
  if (!text.trim()) yield { type: "fallback", reason: "empty_answer", offline };
}

/**
 * The amounts an answer may quote: the store's terms (policy, FAQ and page texts, the perks in its
 * settings) anywhere, a product's price and variant prices once the answer cites it.
 */
function priceGuardContext(context: ContextChunk[], writeIn: "ru" | "en", settings: unknown): PriceGuardContext {
  // One item per product: its variants may sit in another chunk than its description.
  const byProduct = new Map<string, PricedItem & { amounts: number[] }>();
  for (const chunk of context) {
    const price = parseAmount(chunk.price);
    if (chunk.sourceType !== "product" || price === undefined) continue;
    const known = byProduct.get(chunk.sourceId);
    const amounts = productAmounts(chunk.price, chunk.text);
    if (known) known.amounts = [...new Set([...known.amounts, ...amounts])];
    else byProduct.set(chunk.sourceId, { title: chunk.title, price, display: formatPrice(price, chunk.currency, writeIn), amounts, url: chunk.url });
  }
  const items = [...byProduct.values()];
  const perks = Object.values(readShopSettings(settings).perks ?? {}).flatMap((perk) => (perk ? [perk.freeShippingFrom ?? "", perk.delivery ?? "", perk.warranty ?? ""] : []));
  return {
    allowed: amountsIn([...context.filter((chunk) => chunk.sourceType !== "product").map((chunk) => chunk.text), ...perks]),
    items,
  };
}

/**
 * Where an answer may send the shopper: the shop's origins (its domain, its platform's
 * storefront, the origins in its settings), its catalogue's URLs, the contacts in its settings and
 * knowledge, and whatever contact the shopper gave themselves in this conversation. Never the page
 * URL the widget reports: the shopper's browser (or whoever crafted the link) chose it.
 */
function answerDestinations(input: ChatTurnInput, context: ContextChunk[], history: PastTurn[], storefronts: string[]): DestinationPolicy {
  const settings = readShopSettings(input.shop.settings);
  return destinationPolicy({
    shopDomain: input.shop.domain,
    origins: [...storefronts, ...(settings.allowedOrigins ?? []), ...(settings.contact?.url ? [settings.contact.url] : [])],
    catalogUrls: context.flatMap((chunk) => (chunk.url ? [chunk.url] : [])),
    emails: settings.contact?.email ? [settings.contact.email] : [],
    phones: settings.contact?.phone ? [settings.contact.phone] : [],
    texts: [...context.map((chunk) => chunk.text), input.message, ...history.map((turn) => turn.message)],
  });
}

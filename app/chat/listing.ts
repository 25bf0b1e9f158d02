import { inPlacesOf, type ChatSource, type ContextChunk } from "./context";
import type { PastTurn } from "./conversation.server";
import { isFollowUp } from "./conversation.server";
import { withoutConstraintWords, type PriceConstraint } from "./intents";
import { parseAmount } from "./price-format";
import type { TurnState } from "./turn-state";
import { contentWords, hasCyrillic, stem } from "~/knowledge/text";
import { synonymExpansions, type SynonymGroups } from "~/knowledge/synonyms";
import { numericAttributes } from "~/knowledge/attributes";
import { catalogTagsOf } from "~/knowledge/chunker";
import { refinementMatcher } from "./tag-bridge";
import { askedSeason, seasonFit, withoutSeasonWords } from "./season-words";
import { colourOf } from "./colour-words";
import { rememberedByKey } from "~/remembered";

/**
 * "Покажи палатки", "Какие палатки у вас есть?", "Show me your tents": a request for a kind of
 * product lists the items of that kind. The kind is the catalog's own: a product is of the kind
 * when one of its tags (Shopify product type and tags, WooCommerce categories and tags, synced into
 * the chunk's "Tags:" line) or a word of its name is the word the shopper used, or a synonym the
 * shop set for it. Only the request words below are general language; no product word is.
 *
 * A refinement right after a list ("cheaper", «подешевле», "in blue", "for women") applies to the
 * kind just shown (kept in the turn's state): cheaper than what was shown, same kind.
 */

// "show me", "what … do you have", "which do you have", «покажи», «какие … есть», «что есть из»,
// «ассортимент». Two patterns rather than one alternation: each stays small enough for the static
// ReDoS check.
const LISTING_REQUEST = [
  /\b(?:show\s+me|list\s+(?:all|your)|what\s+kinds?\s+of|all\s+(?:your|the)\s+\p{L}+|what\s+\p{L}+(?:\s+\p{L}+)?\s+do\s+you\s+(?:have|sell|carry|stock)|which\s+\p{L}+(?:\s+\p{L}+)?\s+do\s+you\s+(?:have|sell|carry|stock)|(?:what|which)\s+(?:ones\s+)?do\s+you\s+(?:have|sell|carry|stock)|do\s+you\s+have\s+any)\b/iu,
  /покаж\p{L}*|какие\s+есть|какие\s+у\s+вас\s+есть|какие\s+\p{L}+\s+(?:у\s+вас\s+)?есть|что\s+(?:у\s+вас\s+)?есть\s+из|ассортимент|весь\s+выбор|все\s+ваши/iu,
  // «какие кабели продаёте?», «какие чайники продаются», «какие палатки бывают»: the Russian "which … do you sell".
  /какие\s+\p{L}+\s+(?:вы\s+)?(?:прода[её]те|продаются|бывают)/iu,
];

// «какие детективы посоветуете?», «что у вас из обуви?», "what leashes have you got", "which collars are
// available?", "can I see the leashes": a kind asked for in other words, always a list of it.
const KIND_REQUEST = [
  /\b(?:have\s+you\s+got|can\s+i\s+see|(?:what|which)\s+\p{L}+(?:\s+\p{L}+)?\s+(?:are|is)\s+(?:available|in\s+stock))\b/iu,
  /какие\s+\p{L}+\s+(?:посоветуете|порекомендуете|советуете)|что\s+у\s+вас\s+(?:есть\s+)?из|хочу\s+посмотреть|интересуют/iu,
];
// «у вас есть рюкзаки?», «а спальники есть?», «есть наушники?», "got any cat beds?", "any speakers?": a
// question whether the shop has something is a listing when what it names is plural (a kind), never
// for one product («есть ли у вас Storm Pro?», «а красный есть?», its stock question stays).
const PLURAL_REQUEST = [/(?:^|[^\p{L}])(?:у\s+вас\s+есть|есть\s+ли\s+у\s+вас|есть\s+ли)(?!\p{L})|^[^\p{L}]*(?:а\s+)?есть\s|(?:^|[^\p{L}])есть[^\p{L}]*$/iu, /^[^\p{L}]*(?:got\s+any|any)\s/iu];
// Russian plural nouns of the kind end so; English ones end in s. The words come folded (й as и):
// «бордовый» ends like no plural noun.
const RU_PLURAL = /[^ыиое][ыи]$/u;
const EN_PLURAL = /[^s]s$|ies$|sses$/u;

// Request words that are never the kind itself.
const REQUEST_WORDS = new Set(
  "show me list all your kinds kind what which do you have sell carry stock any please покажи покажите показать какие какой есть что ассортимент весь выбор все ваши у вас пожалуйста мне нам продаете продаёте продаются бывают вы got can see available ли посоветуете порекомендуете советуете хочу посмотреть интересуют из а ищу ищем looking"
    .split(" ")
    .map(stem),
);

export interface ListingRequest {
  /** Stems naming the kind ("палатк", "tent"), plus the shop's synonyms for them. */
  kind: string[];
  /** The stems of `kind` that came from the shop's synonyms (alternatives, never all required). */
  synonyms: string[];
  /** The words of the kind as the shopper wrote them: the retrieval query. */
  query: string;
  constraint: PriceConstraint;
  /** A refinement's own words ("blue", «женск»), each must match the item. */
  narrowing: string[];
  /** A refinement's own words as written, searched for with the kind: the other products that say them carry the tags that bridge them (tag-bridge.ts). */
  also?: string;
  /** Items shown last turn, when this is a refinement of them. */
  shown?: { ids: string[]; top?: string; topPrice?: number };
  /**
   * "Cheaper" after one named product (no list shown): the kind is that product's own, read from its
   * catalog tags (`likeProduct`); until then `kind` is empty and `query` is blank.
   */
  like?: { id: string; tags: string[] };
  /** Names of the kind to show the shopper (the shared tags, in whichever languages the catalog has them). */
  labels?: string[];
  /**
   * Words beside a kind named alone ("kids shoes?"): each narrows the kind's items when some of them
   * say it, and is passed over when none does (in a children's shop no shoe says "kids").
   */
  modifiers?: string[];
}

/**
 * The products a turn showed, as a refinement of them sees them: "cheaper" is cheaper than the
 * first one, the one the shopper was looking at.
 */
export function shownOf(sources: ChatSource[]): NonNullable<ListingRequest["shown"]> {
  const products = sources.filter((source) => source.type === "product");
  return { ids: products.map((source) => source.id), top: products[0]?.title, topPrice: parseAmount(products[0]?.price) };
}

/** The kind a turn listed (its stored state), refined: its items shown then, narrowed by `narrowing` under `constraint`. */
export function refiningListing(listed: NonNullable<TurnState["listing"]>, sources: ChatSource[], constraint: PriceConstraint, narrowing: string[]): ListingRequest {
  return {
    kind: listed.kind,
    synonyms: listed.synonyms ?? [],
    query: listed.query,
    ...(listed.labels ? { labels: listed.labels } : {}),
    constraint,
    narrowing,
    shown: shownOf(sources),
  };
}

/** The listing this message asks for, or a refinement of the last one; undefined when it is neither. */
export function listingRequest(message: string, history: PastTurn[], constraint: PriceConstraint, synonyms: SynonymGroups): ListingRequest | undefined {
  const last = history.at(-1);
  const lastKind = last?.state.listing;
  if (lastKind && (isFollowUp(message) || continuesList(message)) && isRefinement(message, constraint)) {
    // «а помощнее?», "a more powerful one": the comparative orders the kind; no item has to say it.
    const own = withoutConstraintWords(message);
    const narrowing = wordsOf(own).filter((word) => !lastKind.kind.includes(word) && !REFINEMENT_STEMS.has(word));
    return {
      ...refiningListing(lastKind, last.sources, constraint, narrowing),
      also: contentWords(own).filter((word) => narrowing.includes(stem(word))).join(" ") || undefined,
    };
  }
  const lastProduct = last?.sources[0]?.type === "product" ? last.sources[0] : undefined;
  if (!lastKind && lastProduct && isFollowUp(message) && (constraint.order || constraint.max !== undefined)) {
    return {
      kind: [],
      synonyms: [],
      query: "",
      constraint,
      narrowing: [],
      shown: shownOf([lastProduct]),
      like: { id: lastProduct.id, tags: [] },
    };
  }
  const asked = LISTING_REQUEST.some((pattern) => pattern.test(message)) || KIND_REQUEST.some((pattern) => pattern.test(message));
  if (!asked && !PLURAL_REQUEST.some((pattern) => pattern.test(message))) return bareKind(message, constraint, synonyms);
  const words = contentWords(message).filter((word) => !REQUEST_WORDS.has(stem(word)) && /\p{L}{3}/u.test(word));
  if (!words.length) return undefined;
  if (!asked && !namesPluralKind(message, words)) return undefined;
  const expansions = synonymExpansions(words.join(" "), synonyms);
  const own = words.map(stem);
  const added = expansions.flatMap((value) => contentWords(value)).map(stem).filter((word) => !own.includes(word));
  return { kind: [...new Set([...own, ...added])], synonyms: [...new Set(added)], query: [...words, ...expansions].join(" "), constraint, narrowing: [] };
}

const MAX_PLURAL_KIND_WORDS = 1;
const MAX_BARE_WORDS = 3;
const PURPOSE_WORDS = new Set(["для", "for"]);

/**
 * "tents?", "kids shoes?", «детские рюкзаки», «зарядки для айфона»: a message that is nothing but a
 * few words ending in a plural noun, or a plural noun and what it is for (no other function word, no
 * number), names a kind to be shown. The plural noun is the kind; the other words narrow it only
 * where its items say them (`modifiers`).
 */
function bareKind(message: string, constraint: PriceConstraint, synonyms: SynonymGroups): ListingRequest | undefined {
  if (/\d/u.test(message) || !/^[\p{L}\s'’-]+[?!.]{0,3}$/u.test(message.trim())) return undefined;
  const tokens = message.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  // «зарядки для айфона», "shoes for running": the kind, then what it is for.
  const purposeAt = tokens.findIndex((token) => PURPOSE_WORDS.has(token));
  const named = purposeAt < 0 ? tokens : tokens.slice(0, purposeAt);
  const purpose = purposeAt < 0 ? [] : tokens.slice(purposeAt + 1);
  if (!named.length || (purposeAt >= 0 && !purpose.length)) return undefined;
  const words = [...named, ...purpose];
  if (words.length > MAX_BARE_WORDS || contentWords(words.join(" ")).length !== words.length) return undefined;
  if (words.some((token) => REQUEST_WORDS.has(stem(token)) || REFINEMENT_STEMS.has(stem(token)))) return undefined;
  const head = named.at(-1)!;
  if (head.length < 3 || colourOf(head) || !(hasCyrillic(head) ? RU_PLURAL : EN_PLURAL).test(head)) return undefined;
  const modifiers = [...named.slice(0, -1), ...purpose];
  const expansions = synonymExpansions(head, synonyms);
  const added = expansions.flatMap((value) => contentWords(value)).map(stem).filter((word) => word !== stem(head));
  return {
    kind: [...new Set([stem(head), ...added])],
    synonyms: [...new Set(added)],
    query: [head, ...expansions].join(" "),
    constraint,
    narrowing: [],
    ...(modifiers.length ? { modifiers: modifiers.map(stem), labels: [tokens.join(" ")] } : {}),
  };
}

/**
 * Whether a "do you have …" question names a kind: one plural noun («рюкзаки», "speakers"), not a
 * colour («хаки») and not an option after в/in («Есть {name} в хаки?»). Two words are a need, not a
 * kind: «трекинговые ботинки» would list the socks tagged «трекинг» that mention boots.
 */
function namesPluralKind(message: string, words: string[]): boolean {
  const head = words.at(-1) ?? "";
  if (words.length > MAX_PLURAL_KIND_WORDS || /\d/u.test(message) || colourOf(head)) return false;
  const tokens = message.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  if (["в", "во", "in"].includes(tokens.at(-2) ?? "")) return false;
  return (hasCyrillic(head) ? RU_PLURAL : EN_PLURAL).test(head);
}

/**
 * A listing request right after a listing whose words name no kind of the catalog («а какие есть
 * аудиокнигой?» after the detectives, "any in linen?"): the kind just shown, narrowed by those
 * words (an option value, a tag, a word of the description). The caller keeps it only when some
 * shown-kind item has them, so "Какие есть способы оплаты?" still goes to the FAQ.
 */
export function narrowingOfShown(request: ListingRequest, history: PastTurn[]): ListingRequest | undefined {
  const last = history.at(-1);
  const lastKind = last?.state.listing;
  if (!last || !lastKind || request.shown || request.like) return undefined;
  const narrowing = request.kind.filter((word) => !request.synonyms.includes(word) && !lastKind.kind.includes(word) && !REFINEMENT_STEMS.has(word));
  if (!narrowing.length) return undefined;
  return refiningListing(lastKind, last.sources, request.constraint, narrowing);
}

/**
 * The kind named in the other language by its own items' URL handles: a Russian request
 * («рюкзаки») whose items live at /products/taiga-40-backpack and /products/belchonok-kids-backpack
 * has "backpack" as its other name in this shop. A handle word counts when most of the items
 * (two at least) share it and it is not already one of their tags (a kind tagged in both languages
 * needs no bridge). Only for a one-word kind asked afresh; undefined when there is no such word.
 */
export function otherLanguageKind(request: ListingRequest, items: ContextChunk[]): { request: ListingRequest; query: string } | undefined {
  if (request.shown || request.like || request.narrowing.length || request.kind.length - request.synonyms.length !== 1) return undefined;
  const cyrillic = hasCyrillic(request.query);
  const counts = new Map<string, number>();
  for (const item of items) {
    const words = new Set(handleWords(item.url).filter((word) => hasCyrillic(word) !== cyrillic));
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const tagged = new Set(items.flatMap((item) => tagStems(item).flat()));
  const names = [...counts.entries()]
    .filter(([word, count]) => count >= MIN_KIND_ITEMS && count * 2 >= items.length && !tagged.has(stem(word)) && !request.kind.includes(stem(word)))
    .map(([word]) => word);
  if (!names.length) return undefined;
  const stems = names.map(stem);
  // The kind's words and their other-language names are alternatives: an item needs one of them.
  // The next refinement retrieves both names; the answer names the kind in its own language.
  const bridged = { ...request, kind: [...request.kind, ...stems], synonyms: [...request.kind, ...stems], query: [request.query, ...names].join(" "), labels: request.labels ?? [request.query, ...names] };
  return { request: bridged, query: names.join(" ") };
}

/**
 * The kind asked for in another spelling than the catalog's («павербанки» where the shop tags
 * «пауэрбанки», "sleping bags"): when no item is of the kind as written, each word no candidate's tag
 * has is replaced by the one tag word nearest in spelling (same first letter, one edit for a short
 * word, two for a long one) that at least two candidates carry — the shop's own name for a kind.
 * Undefined when no word needs it or a word's nearest spelling is not one tag word alone.
 */
export function respelledKind(request: ListingRequest, candidates: ContextChunk[]): ListingRequest | undefined {
  if (request.shown || request.like || request.narrowing.length) return undefined;
  const carriers = new Map<string, { ids: Set<string>; written: string }>();
  for (const chunk of candidates) {
    if (chunk.sourceType !== "product") continue;
    for (const tag of tagsIn(chunk.text)) {
      for (const word of contentWords(tag).filter((word) => /\p{L}{2}/u.test(word))) {
        const entry = carriers.get(stem(word)) ?? { ids: new Set<string>(), written: word };
        entry.ids.add(chunk.sourceId);
        carriers.set(stem(word), entry);
      }
    }
  }
  const kinds = [...carriers.entries()].filter(([, entry]) => entry.ids.size >= MIN_KIND_ITEMS);
  const written = contentWords(request.query);
  const respelled: string[] = [];
  const kind = request.kind.map((word) => {
    if (request.synonyms.includes(word) || carriers.has(word)) return word;
    // Compared as written too: stems are cut at 7 letters, which hides how near two long words are.
    const asWritten = written.find((form) => stem(form) === word) ?? word;
    const tolerance = asWritten.length >= LONG_WORD ? 2 : asWritten.length >= SHORT_WORD ? 1 : 0;
    const near = kinds
      .map(([tagStem, entry]) => ({ tagStem, entry, distance: tagStem[0] === word[0] ? Math.min(editDistance(word, tagStem, tolerance), editDistance(asWritten, entry.written, tolerance)) : Infinity }))
      .filter((entry) => entry.distance <= tolerance);
    const best = Math.min(...near.map((entry) => entry.distance));
    const nearest = near.filter((entry) => entry.distance === best);
    if (nearest.length !== 1) return word;
    respelled.push(nearest[0].entry.written);
    return nearest[0].tagStem;
  });
  if (!respelled.length) return undefined;
  return { ...request, kind: [...new Set(kind)], query: [request.query, ...respelled].join(" "), labels: request.labels ?? [respelled.join(" ")] };
}

const LONG_WORD = 8;
const SHORT_WORD = 5;

/** Edits (insert, delete, replace, swap of neighbours) from a to b, counted up to `limit` + 1. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      row.push(value);
    }
    if (Math.min(...row) > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length], limit + 1);
}

/** The words of a product URL's last path segment ("taiga-40-backpack" -> taiga, backpack): letters only, four or more. */
function handleWords(url: string | null | undefined): string[] {
  const segment = (url ?? "").split(/[?#]/u)[0].split("/").filter(Boolean).at(-1) ?? "";
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // A malformed escape: the raw segment is still words.
  }
  return decoded
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 4);
}

// "cheaper", "in blue", "for women", "a bigger one", «подешевле», «а синие?»: short follow-ups.
const REFINEMENT = [
  /\b(?:cheaper|less\s+expensive|dearer|pricier|bigger|smaller|lighter|warmer|larger|in\s+\p{L}+|for\s+\p{L}+|other|another|else)\b/iu,
  /подешевле|дешевле|подороже|побольше|поменьше|полегче|потеплее|друг(?:ие|ой|ую)|ещё|еще|как(?:ой|ая|ое|ую|ие)-нибудь|(?:^|[^\p{L}])для\s+\p{L}+|(?:^|[^\p{L}])в\s+\p{L}{4,}/iu,
];
const REFINEMENT_STEMS = new Set(
  // Split as the message's words are («что-нибудь» is two words there).
  wordsOf("cheaper less expensive dearer pricier bigger smaller lighter warmer larger in for other another else one ones подешевле дешевле подороже побольше поменьше полегче потеплее другие другой другую ещё еще для а и а в что-нибудь какой-нибудь какая-нибудь какое-нибудь какую-нибудь какие-нибудь something"),
);

// «а для ребёнка что-нибудь?», "and for kids?", "what about in wool?": a short message that opens
// with a continuation word goes on from the list just shown, however many words it has.
const CONTINUATION = /^[^\p{L}\p{N}]*(?:а|and|what\s+about|how\s+about)\s/iu;
const MAX_CONTINUATION_WORDS = 6;

function continuesList(message: string): boolean {
  return CONTINUATION.test(message) && message.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length <= MAX_CONTINUATION_WORDS;
}

function isRefinement(message: string, constraint: PriceConstraint): boolean {
  return !!(constraint.order || constraint.max !== undefined || constraint.attribute) || REFINEMENT.some((pattern) => pattern.test(message));
}

function wordsOf(text: string): string[] {
  return contentWords(text)
    .filter((word) => /\p{L}{2}/u.test(word))
    .map(stem);
}

/**
 * A product text's catalog tags (Shopify product type and tags, WooCommerce categories and tags) that
 * have words, and each one's stems. Worked out once per text: a listing turn asks for them of every
 * candidate several times over (kind, respelling, bridges, order), and the same chunks come back turn
 * after turn. Keyed by the text itself, so a changed product (new chunks, new text) is never served
 * old tags; at most MAX_TAGGED_TEXTS are kept.
 */
const MAX_TAGGED_TEXTS = 2_000;
const taggedText = rememberedByKey(MAX_TAGGED_TEXTS, (text): { tags: string[]; stems: string[][] } => {
  const tags = catalogTagsOf(text).filter((tag) => wordsOf(tag).length > 0);
  // Shared by every caller from now on: frozen, so none can change another's.
  return { tags: Object.freeze(tags) as string[], stems: Object.freeze(tags.map((tag) => Object.freeze(wordsOf(tag)) as string[])) as string[][] };
});

const tagsIn = (text: string): string[] => taggedText(text).tags;

/** The stems of each of the product's tags. */
const tagStems = (chunk: ContextChunk): string[][] => taggedText(chunk.text).stems;

/**
 * The request for "cheaper" after one product, completed from that product's texts: the retrieval
 * query is its tags, each a candidate kind (which one wins is decided by the items sharing it, in
 * mostAlike). Undefined when the product has no tags to go by.
 */
export function likeProduct(request: ListingRequest, productTexts: string[]): ListingRequest | undefined {
  if (!request.like) return request;
  const tags = [...new Set(productTexts.flatMap(tagsIn))];
  if (!tags.length) return undefined;
  return { ...request, query: tags.join(" "), like: { id: request.like.id, tags } };
}

const sameStems = (a: string[], b: string[]) => a.length === b.length && a.every((word, index) => word === b[index]);

/**
 * The items most like the product shown: those sharing the most of its tags (another dog collar
 * shares "collars" and "dog collars"; a cat collar only "collars"; a leather belt only "leather"),
 * never the product itself. The request comes back with the tags every one of them shares as its
 * kind, so the answer names the kind and the next refinement ("in blue") keeps to it.
 */
export function mostAlike(request: ListingRequest, chunks: ContextChunk[]): { request: ListingRequest; chunks: ContextChunk[] } {
  if (!request.like) return { request, chunks };
  const like = request.like;
  const tags = like.tags.map((tag) => ({ tag, stems: wordsOf(tag) }));
  const scored = new Map<string, { chunk: ContextChunk; shared: typeof tags }>();
  for (const chunk of chunks) {
    if (chunk.sourceType !== "product" || chunk.sourceId === like.id || scored.has(chunk.sourceId)) continue;
    const own = tagStems(chunk);
    const shared = tags.filter((tag) => own.some((stems) => sameStems(stems, tag.stems)));
    if (shared.length) scored.set(chunk.sourceId, { chunk, shared });
  }
  // More shared tags wins; between equally many, the product's earlier tags (its type comes first)
  // outweigh later ones: after wet cat food, dry cat food ("cat food") before wet dog food ("wet food").
  const weight = (shared: typeof tags) => shared.length * tags.length + shared.reduce((sum, tag) => sum + tags.length - tags.indexOf(tag), 0);
  const best = Math.max(0, ...[...scored.values()].map((entry) => weight(entry.shared)));
  const kept = [...scored.values()].filter((entry) => weight(entry.shared) === best);
  const common = tags.filter((tag) => kept.length > 0 && kept.every((entry) => entry.shared.includes(tag)));
  const kind = [...new Set(common.flatMap((tag) => tag.stems))];
  return {
    request: kind.length ? { ...request, kind, synonyms: kind, query: common[0].tag, labels: common.map((tag) => tag.tag) } : request,
    chunks: kept.map((entry) => entry.chunk),
  };
}

/**
 * The kind's words this product answers to: a whole tag among them ("sleeping bags" for a
 * sleeping bag, never "dry bags" for "sleeping bags"), or every one of them in its name.
 * Undefined when it is not of the kind.
 */
function kindMatch(request: ListingRequest, chunk: ContextChunk): string[] | undefined {
  const kind = new Set(request.kind);
  const tags = tagStems(chunk).filter((stems) => stems.every((word) => kind.has(word)));
  if (tags.length) return [...new Set(tags.flat())];
  const title = new Set(wordsOf(chunk.title));
  return request.kind.every((word) => title.has(word)) ? request.kind : undefined;
}

/**
 * The products of the kind among the retrieved chunks (one per product), narrowed by the
 * refinement and by the request's words beyond the kind («зимние палатки»), in a sensible order:
 * what the shopper asked to sort by, else in stock first and then cheapest first. A word beyond
 * the kind that no retrieved text says is passed over: it tells none of the catalog's items apart
 * («колонку блютуз ищу»: no text says блютуз, and the speakers are what was asked for). One that
 * other items say still narrows the kind, to none when none of the kind says it.
 */
export function itemsOfKind(request: ListingRequest, chunks: ContextChunk[], textsOf: (chunk: ContextChunk) => string[]): ContextChunk[] {
  const seen = new Set<string>();
  const matched: Array<{ chunk: ContextChunk; extra: string[] }> = [];
  for (const chunk of chunks) {
    if (chunk.sourceType !== "product" || seen.has(chunk.sourceId)) continue;
    // Items like one product were chosen by its tags already (mostAlike).
    const words = request.like ? request.kind : kindMatch(request, chunk);
    if (!words) continue;
    seen.add(chunk.sourceId);
    matched.push({ chunk, extra: request.kind.filter((word) => !words.includes(word) && !request.synonyms.includes(word)) });
  }
  const stemmed = new Map<ContextChunk, Set<string>>();
  const stemsOf = (chunk: ContextChunk) => {
    let stems = stemmed.get(chunk);
    if (!stems) stemmed.set(chunk, (stems = new Set(wordsOf(textsOf(chunk).join("\n")))));
    return stems;
  };
  // A refinement's word no item of the kind says may be bridged by the catalog's tags (tag-bridge.ts).
  const kind = new Set(request.kind);
  const bridge = { items: matched.map(({ chunk }) => chunk), candidates: chunks, stemsOf, tagsOf: tagStems, isKindTag: (stems: string[]) => stems.every((word) => kind.has(word)) };
  const refinements = request.narrowing.map((word) => refinementMatcher(bridge, word));
  const saidByAny = (word: string) => chunks.some((chunk) => stemsOf(chunk).has(word));
  const narrowed = matched
    .filter(({ chunk, extra }) => {
      if (!refinements.every((matches) => matches(chunk))) return false;
      if (!extra.length) return true;
      const text = stemsOf(chunk);
      return extra.every((word) => text.has(word) || !saidByAny(word));
    })
    .map(({ chunk }) => chunk);
  for (const word of request.modifiers ?? []) {
    const saying = narrowed.filter((chunk) => stemsOf(chunk).has(word));
    if (saying.length) narrowed.splice(0, narrowed.length, ...saying);
  }
  const { constraint } = request;
  const price = (chunk: ContextChunk) => parseAmount(chunk.price);
  // "Cheaper" after a list: cheaper than the cheapest item shown (else it would repeat it).
  const cheaperThan = request.shown && constraint.order === "asc" && constraint.max === undefined ? request.shown.topPrice : undefined;
  // "Pricier" after one product: dearer than it (after a list the dearest come first anyway).
  const dearerThan = request.like && constraint.order === "desc" && constraint.min === undefined ? request.shown?.topPrice : undefined;
  const kept = narrowed.filter((chunk) => {
    const value = price(chunk);
    if (value === undefined) return constraint.max === undefined && cheaperThan === undefined && dearerThan === undefined;
    if (constraint.max !== undefined && value > constraint.max) return false;
    if (constraint.min !== undefined && value < constraint.min) return false;
    if (dearerThan !== undefined && value <= dearerThan) return false;
    return cheaperThan === undefined || value < cheaperThan;
  });
  const attribute = constraint.attribute;
  const direction = (attribute?.order ?? constraint.order) === "desc" ? -1 : 1;
  const valueOf = (chunk: ContextChunk) => (attribute ? numericAttributes(textsOf(chunk).join("\n"))[attribute.kind] : price(chunk));
  return kept.sort((a, b) => {
    const stock = Number(isSoldOut(a)) - Number(isSoldOut(b));
    if (stock) return stock;
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va === undefined || vb === undefined) return va === undefined ? (vb === undefined ? 0 : 1) : -1;
    return direction * (va - vb);
  });
}

function isSoldOut(chunk: ContextChunk): boolean {
  return /\bOut of stock\b/.test(chunk.text) && !/\bIn stock\b/.test(chunk.text);
}

/**
 * Whether a product is of the kind the message names: one of its catalog tags, whole, is among the
 * message's words («лёгкая палатка…» names the tents, not a light stove). Undefined when the
 * message names no kind that several of these products share.
 */
export function namedKind(chunks: ContextChunk[], message: string): ((chunk: ContextChunk) => boolean) | undefined {
  const words = new Set(wordsOf(message));
  const ofKind = (chunk: ContextChunk) => chunk.sourceType === "product" && tagStems(chunk).some((stems) => stems.every((word) => words.has(word)));
  // A kind groups items: a tag only one candidate has ("camping", "winter") describes it instead.
  return new Set(chunks.filter(ofKind).map((chunk) => chunk.sourceId)).size >= MIN_KIND_ITEMS ? ofKind : undefined;
}

const MIN_KIND_ITEMS = 2;

/** How many of a product's catalog tags, whole, the message names. */
export function namedTagCount(message: string): (chunk: ContextChunk) => number {
  const words = new Set(wordsOf(message));
  return (chunk) => (chunk.sourceType === "product" ? tagStems(chunk).filter((stems) => stems.every((word) => words.has(word))).length : 0);
}

/**
 * Products of the named kind first; non-product chunks keep their places. Those whose catalog tags
 * the message names more of come first ("ultralight backpack for fastpacking": the pack tagged all
 * three before a mug tagged only "ultralight"); between equals the order given (by price or weight
 * when the shopper asked for one) stays.
 */
export function kindFirst<T extends ContextChunk>(chunks: T[], ofKind: ((chunk: ContextChunk) => boolean) | undefined, message?: string): T[] {
  if (!ofKind) return chunks;
  const named = message === undefined ? () => 0 : namedTagCount(message);
  const ofTheKind = chunks.filter((chunk) => chunk.sourceType === "product" && ofKind(chunk));
  const ranked = ofTheKind.map((chunk, index) => ({ chunk, index, named: named(chunk) })).sort((a, b) => b.named - a.named || a.index - b.index);
  const products = [...ranked.map((entry) => entry.chunk), ...chunks.filter((chunk) => chunk.sourceType === "product" && !ofKind(chunk))];
  return inPlacesOf(chunks, (chunk) => chunk.sourceType === "product", products);
}

/**
 * A need that names a season or warmth («одеяло на зиму», "a sleeping bag for summer", «тёплые …
 * для мороза»): among the products it is about (the named kind's, else those retrieved nearly as
 * well as the best), those suiting that season come first (season-words.ts: their own words in
 * either language, then their rated temperature). Tags the message names still come first; a
 * shopper's explicit order (price, weight) is left alone.
 */
export function seasonFirst<T extends ContextChunk>(chunks: T[], message: string, constraint: PriceConstraint, ofKind?: (chunk: ContextChunk) => boolean): T[] {
  const season = askedSeason(message);
  if (!season || constraint.order || constraint.attribute) return chunks;
  const products = chunks.filter((chunk) => chunk.sourceType === "product");
  const best = Math.max(0, ...products.map((chunk) => chunk.score));
  const takesPart = (chunk: ContextChunk) => chunk.sourceType === "product" && (ofKind ? ofKind(chunk) : chunk.score >= best * SEASON_SCORE_SHARE);
  const named = namedTagCount(withoutSeasonWords(message));
  const ranked = products
    .filter(takesPart)
    .map((chunk, index) => ({ chunk, index, named: named(chunk), fit: seasonFit(season, `${chunk.title}\n${chunk.text}`) }))
    .sort((a, b) => b.named - a.named || b.fit - a.fit || a.index - b.index)
    .map((entry) => entry.chunk);
  return inPlacesOf(chunks, takesPart, ranked);
}

const SEASON_SCORE_SHARE = 0.6;

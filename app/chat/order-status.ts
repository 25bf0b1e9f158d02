import type { OrderLookupAccess, OrderStatus } from "~/orders/types";
import { log } from "~/log.server";
import type { PastTurn } from "./conversation.server";
import { isOrderStatusQuestion, isPolicyQuestion } from "./intents";
import { withoutAddresses } from "./language";
import { extractEmail, extractPhone } from "./lead-extractor";
import type { CollectedData } from "./lead-fields";
import { contactLine } from "./offline-composer";
import type { ShopProfile } from "./shop-profile";
import type { TurnState } from "./turn-state";

/**
 * The order-status stage of a chat turn, deterministic and before any model: the shopper's order
 * number and email go to the shop's own lookup, and the answer says status, fulfilment and
 * tracking and nothing else. The model never sees the order (no tool, no context), so it cannot
 * leak more of it or make a status up.
 */

export interface OrderStatusDependencies {
  /** The shop's lookup (bound to that shop when built), or where to point the shopper instead. */
  access(): Promise<OrderLookupAccess>;
  /** Counts one lookup for the session (and shop); false when over the limit. */
  allowLookup(sessionId: string): Promise<boolean>;
}

export interface OrderTurnInput {
  message: string;
  history: PastTurn[];
  turnLead: CollectedData;
  sessionId: string;
  language: "ru" | "en";
  profile: ShopProfile;
}

export type OrderTurnOutcome = "asked" | "found" | "not_found" | "rate_limited" | "unavailable" | "lookup_failed";

export interface OrderTurn {
  outcome: OrderTurnOutcome;
  text: string;
  /** What the conversation waits for after this turn (the details still missing). */
  state?: TurnState;
}

/** Undefined: not an order-status turn (or nothing better than the usual answer), the turn goes on as usual. */
export async function orderStatusTurn(deps: OrderStatusDependencies | undefined, input: OrderTurnInput): Promise<OrderTurn | undefined> {
  const t = TEXTS[input.language];
  const asksNow = isOrderStatusQuestion(input.message) || (!!input.turnLead.orderNumber && !isPolicyQuestion(input.message));
  // The previous turn asked for the number or the email (its stored state says so): this message
  // may carry them without the word "order" ("1001, a@b.com", "#70", "1000").
  const last = input.history.at(-1);
  const asked = last?.state.awaiting === "order_details" ? last : undefined;
  const replyNumber = asked ? input.turnLead.orderNumber ?? orderNumberInReply(input.message) : input.turnLead.orderNumber;
  const givesDetails = !!(replyNumber || input.turnLead.email);
  if (!asksNow && !(asked && givesDetails)) return undefined;

  // Details from before count only while we wait for them (and never older ones): the number kept
  // in the state, the email from the message that answered our question.
  const orderNumber = replyNumber ?? asked?.state.orderNumber;
  const email = input.turnLead.email ?? (asked ? extractEmail(asked.message) : undefined);

  const access = await resolveAccess(deps);
  const contacts = contactLine(input.profile, input.language);
  if (!access.available) {
    // A shop on no platform: its own FAQ, the usual "contact the store" or the model (told it cannot
    // see orders) answers, and details typed for a call-back still reach the merchant as a lead.
    if (!access.statusPageUrl) return undefined;
    return { outcome: "unavailable", text: t.unavailable(access.statusPageUrl, contacts) };
  }
  if (!orderNumber || !email) return { outcome: "asked", text: t.ask(!!orderNumber, !!email), state: { awaiting: "order_details", orderNumber } };
  if (!deps || !(await deps.allowLookup(input.sessionId))) return { outcome: "rate_limited", text: t.rateLimited(contacts) };

  let result: OrderStatus;
  try {
    result = await access.lookup.find({ orderNumber, email });
  } catch (error) {
    log.error("order lookup failed", { error, platform: access.lookup.platform });
    return { outcome: "lookup_failed", text: t.lookupFailed(access.statusPageUrl, contacts) };
  }
  // "Please check both": the corrected number or email that follows is still an answer to us.
  if (!result.found) return { outcome: "not_found", text: t.notFound(contacts), state: { awaiting: "order_details" } };
  const parts = [statusText(result.status, input.language), result.fulfilment ? statusText(result.fulfilment, input.language) : undefined].filter(
    (part, index, all): part is string => !!part && all.indexOf(part) === index,
  );
  const tracking = result.tracking.slice(0, 3).map((entry) => {
    const label = [entry.carrier, entry.number].map(clean).filter(Boolean).join(" ");
    const url = safeUrl(entry.url);
    return url ? `${label} — ${url}` : label;
  });
  return { outcome: "found", text: t.found(displayNumber(result.number), parts, tracking) };
}

/** At most this many words besides the number and email: "It's 1001", «номер 70, почта …». */
const MAX_REPLY_WORDS = 4;
// A bare number as a reply: "1001", "#70", "№ 1000". Not inside a word, a decimal or an email.
const REPLY_NUMBER = /(?<![\p{L}\d@.])[#№]?\s?(\d{1,12})(?![\d@]|[.,]\d)/u;

/**
 * The order number in a short reply to our question, which needs no "order" word and may have
 * fewer than 3 digits (a new store's #70). A longer message is a new question, and a phone
 * number is not an order number.
 */
export function orderNumberInReply(message: string): string | undefined {
  const rest = withoutAddresses(message);
  const words = rest.match(/\p{L}{2,}/gu) ?? [];
  if (words.length > MAX_REPLY_WORDS || extractPhone(rest)) return undefined;
  return REPLY_NUMBER.exec(rest)?.[1];
}

/** The shop has no order lookup and no status page: where a shopper can follow an order anyway. */
export function noLookupText(language: "ru" | "en", profile: ShopProfile): string {
  return TEXTS[language].unavailable(undefined, contactLine(profile, language));
}

async function resolveAccess(deps: OrderStatusDependencies | undefined): Promise<OrderLookupAccess> {
  if (!deps) return { available: false };
  try {
    return await deps.access();
  } catch (error) {
    log.error("order lookup access failed", { error });
    return { available: false };
  }
}

const displayNumber = (number: string) => `#${clean(number).replace(/^#/, "")}`;

/** Platform strings go into the answer as plain text: no markup, no line breaks, bounded. */
function clean(value: string | undefined): string {
  return (value ?? "").replace(/[^\p{L}\p{N} #._/-]/gu, "").trim().slice(0, 60);
}

/** Only web links: a tracking "url" is merchant-entered text. */
function safeUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

// WooCommerce order statuses, Shopify's financial and fulfilment statuses; unknown ones are shown as sent.
const STATUS_WORDS: Record<string, { ru: string; en: string }> = {
  pending: { ru: "ожидает оплаты", en: "awaiting payment" },
  processing: { ru: "в обработке", en: "being processed" },
  "on-hold": { ru: "ожидает подтверждения", en: "on hold" },
  completed: { ru: "выполнен", en: "completed" },
  cancelled: { ru: "отменён", en: "cancelled" },
  refunded: { ru: "деньги возвращены", en: "refunded" },
  failed: { ru: "оплата не прошла", en: "payment failed" },
  paid: { ru: "оплачен", en: "paid" },
  authorized: { ru: "оплата подтверждена банком", en: "payment authorized" },
  partially_paid: { ru: "оплачен частично", en: "partly paid" },
  partially_refunded: { ru: "деньги частично возвращены", en: "partly refunded" },
  voided: { ru: "оплата отменена", en: "payment voided" },
  expired: { ru: "срок оплаты истёк", en: "payment expired" },
  unfulfilled: { ru: "ещё не отправлен", en: "not shipped yet" },
  fulfilled: { ru: "отправлен", en: "shipped" },
  partially_fulfilled: { ru: "отправлен частично", en: "partly shipped" },
  in_progress: { ru: "собирается", en: "being prepared" },
  pending_fulfillment: { ru: "ожидает сборки", en: "waiting to be prepared" },
  open: { ru: "ожидает сборки", en: "waiting to be prepared" },
  scheduled: { ru: "отправка запланирована", en: "shipment scheduled" },
  on_hold: { ru: "отправка приостановлена", en: "shipment on hold" },
  restocked: { ru: "возвращён на склад", en: "restocked" },
};

function statusText(raw: string, language: "ru" | "en"): string | undefined {
  const key = raw.trim().toLowerCase();
  if (!key || key === "unknown") return undefined;
  return STATUS_WORDS[key]?.[language] ?? clean(key.replace(/[_-]+/g, " "));
}

const TEXTS = {
  ru: {
    ask: (hasNumber: boolean, hasEmail: boolean) =>
      `${hasNumber ? "Пришлите, пожалуйста, ещё email, указанный при оформлении заказа" : hasEmail ? "Пришлите, пожалуйста, ещё номер заказа" : "Пришлите, пожалуйста, номер заказа и email, указанный при оформлении"} — я проверю статус заказа.`,
    found: (number: string, parts: string[], tracking: string[]) =>
      `Заказ ${number}: ${parts.length ? parts.join(", ") : "статус пока не указан"}.${tracking.length ? ` Отслеживание: ${tracking.join("; ")}.` : ""}`,
    notFound: (contacts: string) =>
      `Не нашёл заказ с таким номером и email. Проверьте, пожалуйста, номер и email, указанный при оформлении заказа${contacts ? `, или свяжитесь с магазином: ${contacts}` : ""}.`,
    rateLimited: (contacts: string) => `Сейчас я не могу проверить больше заказов в этом чате. Попробуйте позже${contacts ? ` или свяжитесь с магазином: ${contacts}` : ""}.`,
    lookupFailed: (page: string | undefined, contacts: string) =>
      `Не получилось связаться с системой заказов магазина. Попробуйте позже${page ? `, посмотрите статус на странице ${page}` : ""}${contacts ? ` или свяжитесь с магазином: ${contacts}` : ""}.`,
    unavailable: (page: string | undefined, contacts: string) =>
      `Я не могу проверить заказ в этом чате. Статус заказа можно посмотреть ${page ? `на странице ${page} или ` : ""}по ссылке в письме с подтверждением заказа${contacts ? `; также можно связаться с магазином: ${contacts}` : ""}.`,
  },
  en: {
    ask: (hasNumber: boolean, hasEmail: boolean) =>
      `${hasNumber ? "Please also send the email you used for the order" : hasEmail ? "Please also send your order number" : "Please send your order number and the email you used for the order"} — I'll check the order status.`,
    found: (number: string, parts: string[], tracking: string[]) =>
      `Order ${number}: ${parts.length ? parts.join(", ") : "no status yet"}.${tracking.length ? ` Tracking: ${tracking.join("; ")}.` : ""}`,
    notFound: (contacts: string) =>
      `I couldn't find an order with that number and email. Please check both (the email is the one used for the order)${contacts ? ` or contact the store: ${contacts}` : ""}.`,
    rateLimited: (contacts: string) => `I can't check more orders in this chat right now. Please try again later${contacts ? ` or contact the store: ${contacts}` : ""}.`,
    lookupFailed: (page: string | undefined, contacts: string) =>
      `I couldn't reach the store's order system just now. Please try again later${page ? `, check the status at ${page}` : ""}${contacts ? ` or contact the store: ${contacts}` : ""}.`,
    unavailable: (page: string | undefined, contacts: string) =>
      `I can't look up orders in this chat. You can see your order's status ${page ? `at ${page} or ` : ""}through the link in your order confirmation email${contacts ? `, or contact the store: ${contacts}` : ""}.`,
  },
} as const;

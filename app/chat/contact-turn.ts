import { asksForOffer, asksForPerson } from "./handoff-intent";
import { isReachable, type CollectedData } from "./lead-fields";
import { contactLine } from "./offline-composer";
import type { ShopProfile } from "./shop-profile";
import type { TurnState } from "./turn-state";

/**
 * Turns that are about reaching a person, answered as such and never as a search: "Меня зовут
 * Анна, телефон …, перезвоните по поводу палатки" is confirmed as a contact request, and the lead
 * keeps what it is about; "I want to talk to a human" is told how, not that nothing was found.
 */

export interface ContactTurn {
  text: string;
  /** The turn's lead with what the request is about. */
  lead: CollectedData;
  /** Set when the assistant asked for contact details: what to keep until they come. */
  state?: TurnState;
}

// Where the reason starts: «по поводу палатки», "about the tent". Its end is found by splitting.
const ABOUT = /(?:по\s+поводу|насч[её]т|касательно|\babout\b|\bregarding\b|\bconcerning\b)\s/iu;
// A request without "about": what the shopper wants ("I want to buy 20 bags for our shelter", «хочу
// оптом купить 15 палаток») or waits for ("when the cat tree is back in stock", «когда появится …»).
const WANTS = /(?:(?<!\p{L})(?:хочу|хотим|хотел[аи]?\s+бы|нужн[оаы]|нужен|интересует)\s|\b(?:i|we)(?:\s+(?:want|need|would\s+like)|['’]d\s+like)\s+(?:to\s+)?|\bi['’]m\s+looking\s+to\s|\binterested\s+in\s)/iu;
const WAITS_FOR = /(?:(?<!\p{L})когда|\bwhen\b|\bas\s+soon\s+as\b|\bonce\b)\s/iu;
const MAX_ABOUT = 80;

export interface RequestReason {
  text: string;
  /** "about": what follows "about"/«по поводу»; "request": what the shopper wants or waits for. */
  kind: "about" | "request";
}

/** What the request is about, in the shopper's words; undefined when the message does not say. */
export function requestTopic(message: string): string | undefined {
  return clauseAfter(ABOUT, message, false);
}

/** The reason to keep with a contact request: its topic, else what the shopper wants or waits for. */
export function requestReason(message: string): RequestReason | undefined {
  const about = requestTopic(message);
  if (about) return { text: about, kind: "about" };
  const waitedFor = clauseAfter(WAITS_FOR, message, true);
  // "when you can", «когда сможете»: when to call, not what about.
  const wanted = clauseAfter(WANTS, message, false) ?? (waitedFor && waitedFor.split(/\s+/u).length >= MIN_WAIT_WORDS ? waitedFor : undefined);
  // "I'd like to speak to a person": the request is the contact itself, not a reason for it.
  return wanted && !asksForPerson(wanted) ? { text: wanted, kind: "request" } : undefined;
}

const MIN_WAIT_WORDS = 4;

/** The clause after the cue (or from it, `keepCue`: "when …"), up to the end of its sentence or list item. */
function clauseAfter(cue: RegExp, message: string, keepCue: boolean): string | undefined {
  const match = cue.exec(message);
  if (!match) return undefined;
  const rest = message.slice((match.index ?? 0) + (keepCue ? 0 : match[0].length));
  const clause = rest.split(/[.,!?;:\n]/u)[0].trim().slice(0, MAX_ABOUT);
  return /\p{L}{3}/u.test(clause) ? clause : undefined;
}

/**
 * `asked`: the previous turn asked for contact details (and what it kept of the reason); details
 * typed now answer it, whatever else the message says.
 */
export function contactTurn(
  message: string,
  turnLead: CollectedData,
  language: "ru" | "en",
  profile: ShopProfile,
  asked?: { reason?: RequestReason },
): ContactTurn | undefined {
  const t = TEXTS[language];
  const wantsPerson = asksForPerson(message);
  const reason = requestReason(message);
  if (isReachable(turnLead)) {
    // Contact details with a call-back, a channel, a topic ("about …") or a request for the store's
    // offer ("send us a quote"), or asked for: a request to be contacted.
    if (!wantsPerson && !turnLead.preferredContact && reason?.kind !== "about" && !asksForOffer(message) && !asked) return undefined;
    const kept = reason ?? asked?.reason;
    return {
      text: t.confirmed(turnLead.name, kept, turnLead.preferredContact),
      lead: { ...turnLead, intent: turnLead.intent ?? "contact_request", ...(kept ? { notes: kept.text } : {}) },
    };
  }
  if (!wantsPerson) return undefined;
  return {
    text: t.howToReach(contactLine(profile, language), reason),
    lead: turnLead,
    state: { awaiting: "contact_details", ...(reason ? { contactReason: { text: reason.text.slice(0, 100), kind: reason.kind } } : {}) },
  };
}

const channelWords = {
  ru: { phone: " по телефону", email: " по email", whatsapp: " в WhatsApp", telegram: " в Telegram" },
  en: { phone: " by phone", email: " by email", whatsapp: " on WhatsApp", telegram: " on Telegram" },
} as const;

const channelWord = (language: "ru" | "en", channel: string | undefined) =>
  channel && channel in channelWords[language] ? channelWords[language][channel as keyof (typeof channelWords)["ru"]] : "";

const TEXTS = {
  ru: {
    confirmed: (name: string | undefined, reason: RequestReason | undefined, channel: string | undefined) =>
      `Спасибо${name ? `, ${name}` : ""}! Я передал магазину ваши контакты${
        reason ? (reason.kind === "about" ? ` и вопрос по поводу «${reason.text}»` : ` и ваш запрос («${reason.text}»)`) : ""
      } — с вами свяжутся${channelWord("ru", channel)}. Пока ждёте, могу помочь с чем-нибудь ещё.`,
    howToReach: (contacts: string, reason: RequestReason | undefined) =>
      `Конечно, с вами свяжется сотрудник магазина${
        reason ? (reason.kind === "about" ? ` по поводу «${reason.text}»` : ` по вашему запросу («${reason.text}»)`) : ""
      }: оставьте, пожалуйста, имя и телефон или email в форме ниже${contacts ? ` или напишите напрямую: ${contacts}` : ""}.`,
  },
  en: {
    confirmed: (name: string | undefined, reason: RequestReason | undefined, channel: string | undefined) =>
      `Thank you${name ? `, ${name}` : ""}! I've passed your details${
        reason ? (reason.kind === "about" ? ` and your question about "${reason.text}"` : ` and your request ("${reason.text}")`) : ""
      } to the store — they'll get back to you${channelWord("en", channel)}. Anything else I can help with meanwhile?`,
    howToReach: (contacts: string, reason: RequestReason | undefined) =>
      `Of course — someone from the store will get in touch${
        reason ? (reason.kind === "about" ? ` about "${reason.text}"` : ` about your request ("${reason.text}")`) : ""
      }: leave your name and phone or email in the form below${contacts ? `, or contact them directly: ${contacts}` : ""}.`,
  },
} as const;

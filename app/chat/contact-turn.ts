import { asksForPerson } from "./handoff-intent";
import { isReachable, type CollectedData } from "./lead-fields";
import { contactLine } from "./offline-composer";
import type { ShopProfile } from "./shop-profile";

/**
 * Turns that are about reaching a person, answered as such and never as a search: "Меня зовут
 * Анна, телефон …, перезвоните по поводу палатки" is confirmed as a contact request, and the lead
 * keeps what it is about; "I want to talk to a human" is told how, not that nothing was found.
 */

export interface ContactTurn {
  text: string;
  /** The turn's lead with what the request is about. */
  lead: CollectedData;
}

// Where the reason starts: «по поводу палатки», "about the tent". Its end is found by splitting.
const ABOUT = /(?:по\s+поводу|насч[её]т|касательно|\babout\b|\bregarding\b|\bconcerning\b)\s/iu;
const MAX_ABOUT = 80;

/** What the request is about, in the shopper's words; undefined when the message does not say. */
export function requestTopic(message: string): string | undefined {
  const match = ABOUT.exec(message);
  if (!match) return undefined;
  const rest = message.slice((match.index ?? 0) + match[0].length);
  const topic = rest.split(/[.,!?;:\n]/u)[0].trim().slice(0, MAX_ABOUT);
  return /\p{L}{3}/u.test(topic) ? topic : undefined;
}

export function contactTurn(message: string, turnLead: CollectedData, language: "ru" | "en", profile: ShopProfile): ContactTurn | undefined {
  const t = TEXTS[language];
  const wantsPerson = asksForPerson(message);
  const topic = requestTopic(message);
  if (isReachable(turnLead)) {
    // Contact details with a call-back, a channel or a reason: a request to be contacted.
    if (!wantsPerson && !turnLead.preferredContact && !topic) return undefined;
    return {
      text: t.confirmed(turnLead.name, topic, turnLead.preferredContact),
      lead: { ...turnLead, intent: turnLead.intent ?? "contact_request", ...(topic ? { notes: topic } : {}) },
    };
  }
  if (!wantsPerson) return undefined;
  return { text: t.howToReach(contactLine(profile, language)), lead: turnLead };
}

const TEXTS = {
  ru: {
    confirmed: (name: string | undefined, topic: string | undefined, channel: string | undefined) =>
      `Спасибо${name ? `, ${name}` : ""}! Я передал магазину ваши контакты${topic ? ` и вопрос по поводу «${topic}»` : ""} — с вами свяжутся${
        channel === "phone" ? " по телефону" : channel === "email" ? " по email" : channel === "whatsapp" ? " в WhatsApp" : channel === "telegram" ? " в Telegram" : ""
      }. Пока ждёте, могу помочь с чем-нибудь ещё.`,
    howToReach: (contacts: string) =>
      `Конечно, с вами свяжется сотрудник магазина: оставьте, пожалуйста, имя и телефон или email в форме ниже${contacts ? ` или напишите напрямую: ${contacts}` : ""}.`,
  },
  en: {
    confirmed: (name: string | undefined, topic: string | undefined, channel: string | undefined) =>
      `Thank you${name ? `, ${name}` : ""}! I've passed your details${topic ? ` and your question about "${topic}"` : ""} to the store — they'll get back to you${
        channel === "phone" ? " by phone" : channel === "email" ? " by email" : channel === "whatsapp" ? " on WhatsApp" : channel === "telegram" ? " on Telegram" : ""
      }. Anything else I can help with meanwhile?`,
    howToReach: (contacts: string) =>
      `Of course — someone from the store will get in touch: leave your name and phone or email in the form below${contacts ? `, or contact them directly: ${contacts}` : ""}.`,
  },
} as const;

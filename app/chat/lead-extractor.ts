import type { CollectedData } from "./lead-fields";

/**
 * Deterministic extraction of contact details a shopper typed. It is the source of truth for
 * email, phone and order number (a model may invent or reformat them); the model adds softer
 * fields (intent, notes) on top.
 */
export function extractLeadFields(text: string): CollectedData {
  const out: CollectedData = {};
  const email = extractEmail(text);
  if (email) out.email = email;
  const orderNumber = extractOrderNumber(text);
  if (orderNumber) out.orderNumber = orderNumber;
  const phone = extractPhone(text);
  if (phone) out.phone = phone;
  const name = extractName(text) ?? (email || phone ? nameBesideContact(text) : undefined);
  if (name) out.name = name;
  const preferredContact = extractPreferredContact(text);
  if (preferredContact) out.preferredContact = preferredContact;
  const intent = extractIntent(text, out);
  if (intent) out.intent = intent;
  return out;
}

// Starts only where a run of address characters starts: from inside a long run without "@" it would
// rescan the rest of the run at every position (quadratic).
const EMAIL = /(?<![\p{L}0-9._%+-])[\p{L}0-9._%+-]+@[\p{L}0-9-]+(?:\.[\p{L}0-9-]+)*\.\p{L}{2,}/giu;

export function extractEmail(text: string): string | undefined {
  return text.match(EMAIL)?.[0]?.toLowerCase();
}

// "order #1001", "order number 1001", "заказ №12345", "заказа 12345", "номер заказа: 12345".
// Each optional part carries its own trailing spaces, so no two \s* ever stand side by side: adjacent
// \s* runs split a run of n spaces n² ways per optional part (n⁴ here: 450 spaces after "order" took
// 10.9 s). The case ending is bounded for the same reason (заказа, заказом, заказами).
const ORDER_AFTER_WORD = /(?:\border|заказ[а-яё]{0,3}|номер\s+заказа)\s*(?:(?:number|no\.?|num\.?|id|номер|н-р)\s*)?(?:[:#№]\s*)?(?:is\s+)?(?:#\s*)?([A-Z]{0,4}-?\d{3,12})\b/iu;
/** "#100" alone is a product number, a size or a hashtag as often as an order: it needs the word. */
const ORDER_CONTEXT = /\border(?:s|ed)?\b|заказ/iu;
const BARE_ORDER_PATTERNS = [/#\s?(\d{3,12})\b/u, /№\s?(\d{3,12})\b/u];

export function extractOrderNumber(text: string): string | undefined {
  const direct = ORDER_AFTER_WORD.exec(text);
  if (direct) return direct[1].toUpperCase();
  if (!ORDER_CONTEXT.test(text)) return undefined;
  for (const pattern of BARE_ORDER_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return match[1].toUpperCase();
  }
  return undefined;
}

// A run of digits with the separators people type in phone numbers.
const PHONE_CANDIDATE = /(?<![\p{L}\d#№])\+?\(?\d[\d\s().-]{6,22}\d(?![\d])/gu;
const CURRENCY_AFTER = /^\s*(?:₽|руб|р\.|rub|\$|usd|eur|€|£|грн|₴|тыс|k\b|%)/iu;
const CURRENCY_BEFORE = /(?:₽|\$|€|£|rub|usd|eur|руб\.?)\s*$/iu;
const ORDER_BEFORE = /(?:\border|заказ[а-яё]{0,3})(?:\s*(?:number|no\.?|номер))?\s*(?:[:#№]\s*)?$|[#№]\s*$/iu;

export function extractPhone(text: string): string | undefined {
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const raw = match[0].trim();
    const start = match.index ?? 0;
    const before = text.slice(Math.max(0, start - 16), start);
    const after = text.slice(start + match[0].length, start + match[0].length + 8);
    if (CURRENCY_AFTER.test(after) || CURRENCY_BEFORE.test(before) || ORDER_BEFORE.test(before)) continue;
    // Dotted groups are decimals and dates far more often than phone numbers.
    if (raw.includes(".") && !raw.startsWith("+")) continue;
    // Balanced brackets only: "(916) 123" yes, "12) 34" no.
    if ((raw.match(/\(/g) ?? []).length !== (raw.match(/\)/g) ?? []).length) continue;
    const normalised = normalisePhone(raw, /\p{Script=Cyrillic}/u.test(text));
    if (normalised) return normalised;
  }
  return undefined;
}

/** E.164 when the country is knowable: "8 916 123 45 67" and "+7 (916) 123-45-67" -> "+79161234567". */
export function normalisePhone(raw: string, russianContext = false): string | undefined {
  const digits = raw.replace(/\D/g, "");
  if (digits.length < 10 || digits.length > 15) return undefined;
  if (raw.trim().startsWith("+")) return `+${digits}`;
  if (digits.length === 11 && (digits[0] === "8" || digits[0] === "7")) return `+7${digits.slice(1)}`;
  if (digits.length === 10 && digits[0] === "9" && russianContext) return `+7${digits}`;
  // Unknown country: keep the digits rather than guess a prefix.
  return digits;
}

const NOT_A_NAME = new Set(
  [
    "looking", "interested", "trying", "here", "from", "not", "sure", "just", "going", "having", "wondering",
    "new", "back", "ready", "sorry", "fine", "good", "ok", "okay", "a", "an", "the", "very", "so", "still",
    "calling", "writing", "asking", "buying", "planning", "happy", "glad", "unable", "able", "in", "on", "at",
    "anyone", "anybody", "someone", "somebody", "nobody", "everyone", "everybody", "who", "what",
    "хочу", "ищу", "не", "из", "тут", "здесь",
  ].map((word) => word.toLowerCase()),
);

const EXPLICIT_NAME = [
  /\bmy\s+name(?:'s|\s+is)\s+(\p{L}[\p{L}'-]*(?:\s+\p{L}[\p{L}'-]*)?)/giu,
  /(?:меня\s+зовут|зовут\s+меня|мо[её]\s+имя)\s*(?:[:—-]\s*)?(\p{L}[\p{L}'-]*(?:\s+\p{L}[\p{L}'-]*)?)/giu,
];
// Weaker cues: only a capitalised word counts ("I'm Kate" yes, "I'm looking" no; «я Наталья» yes, «я хочу» no).
const CASUAL_NAME = [
  /\b(?:i'm|i\s+am|this\s+is|call\s+me)\s+(\p{L}[\p{L}'-]*(?:\s+\p{L}[\p{L}'-]*)?)/giu,
  // «Это Дмитрий, …», «Здравствуйте, это Дмитрий»: a self-introduction opens the message or follows its greeting.
  /(?:^|[.!?]\s*|(?:здравствуйте|добрый\s+(?:день|вечер)|доброе\s+утро|привет|приветствую)[,!]?\s+)это\s+(\p{L}[\p{L}'-]*)/giu,
  /(?<!\p{L})[яЯ]\s+([А-ЯЁ][\p{L}'-]*)/gu,
  // "Alex here, …", "Hi, Alex here.": the English self-introduction that opens a message or follows its
  // greeting, set off as a clause of its own or followed by where the shopper writes from ("Priya here
  // from Northside Scouts"); "Delivery here takes…" and "anyone here?" are not.
  /(?:^|[.!?]\s*|\b(?:hi|hello|hey|good\s+(?:morning|afternoon|evening))[,!]?\s+)(\p{L}[\p{L}'-]*)\s+here(?=\s?[,.!:;—–-]|\s+from\s|$)/giu,
];

export function extractName(text: string): string | undefined {
  // Every occurrence of a cue: "call me back? I'm Dana" has its name after the second.
  for (const [patterns, mustBeCapitalised] of [[EXPLICIT_NAME, false], [CASUAL_NAME, true]] as const) {
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const name = cleanName(match[1], mustBeCapitalised);
        if (name) return name;
      }
    }
  }
  return undefined;
}

// Greetings and courtesy words that open or close a message as a name would: «Здравствуйте, 8 916 …».
// So do words of when to call, now that a sentence's end sets an item off: "Call me back. Tomorrow, 8 916 …".
const COURTESY = new Set([
  "здравствуйте", "привет", "спасибо", "пожалуйста", "hello", "hi", "hey", "thanks", "please", "regards",
  "today", "tomorrow", "tonight", "morning", "evening", "afternoon", "сегодня", "завтра", "вечером", "утром", "днём", "днем",
]);

/**
 * A name given without a cue, set off beside the phone or email as an item of its own
 * («Перезвоните: Светлана, 8 916 222-33-44», "Dana Lee, dana@example.com"): one or two capitalised
 * words alone between commas (or a colon, or a sentence's end) right before or after the contact detail.
 */
export function nameBesideContact(text: string): string | undefined {
  // Sentence ends part items too: "…for my hotel. Anna, anna@…" (a dot inside an address is no end).
  const parts = text.split(/[,:;\n]|[.!?](?=\s)/u).map((part) => part.trim());
  for (const [index, part] of parts.entries()) {
    if (!extractPhone(part) && !extractEmail(part)) continue;
    for (const beside of [parts[index - 1], parts[index + 1]]) {
      const words = beside?.split(/\s+/u) ?? [];
      if (!words.length || words.length > 2 || !words.every((word) => /^\p{Lu}\p{Ll}{2,}$/u.test(word))) continue;
      if (words.some((word) => NOT_A_NAME.has(word.toLowerCase()) || COURTESY.has(word.toLowerCase()))) continue;
      return words.join(" ");
    }
  }
  return undefined;
}

function cleanName(captured: string | undefined, mustBeCapitalised: boolean): string | undefined {
  if (!captured) return undefined;
  const [first, second] = captured.split(/\s+/);
  if (!first || NOT_A_NAME.has(first.toLowerCase())) return undefined;
  if (mustBeCapitalised && !isCapitalised(first)) return undefined;
  // A surname only when it looks like one: "my name is John Smith" vs "my name is John and…".
  const words = [first, second && isCapitalised(second) && !NOT_A_NAME.has(second.toLowerCase()) ? second : undefined].filter(Boolean) as string[];
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" ");
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}\p{Ll}/u.test(word);
}

const CONTACT_PREFERENCES: Array<[RegExp, string]> = [
  [/\b(?:whats\s?app)\b|ватсап|вотсап|в\s+whatsapp/iu, "whatsapp"],
  [/\btelegram\b|телеграм|\bв\s+тг\b/iu, "telegram"],
  [/\b(?:call|phone|ring)\s+me\b|позвоните|перезвоните|позвонить\s+мне|по\s+телефону/iu, "phone"],
  [/\b(?:e-?mail|write\s+to|write)\s+me\b|\bby\s+e-?mail\b|на\s+почту|по\s+почте|по\s+e-?mail|на\s+e-?mail|на\s+имейл|напишите\s+мне/iu, "email"],
];

export function extractPreferredContact(text: string): string | undefined {
  return CONTACT_PREFERENCES.find(([pattern]) => pattern.test(text))?.[1];
}

function extractIntent(text: string, found: CollectedData): string | undefined {
  if (/\b(?:refund|return)\b|возврат|вернуть|обменять|обмен\b/iu.test(text)) return "return";
  if (found.orderNumber || /where\s+is\s+my\s+order|order\s+status|где\s+(?:мой\s+)?заказ|статус\s+заказа/iu.test(text)) return "order_status";
  return undefined;
}

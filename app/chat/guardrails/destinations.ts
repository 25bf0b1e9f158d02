import { findPrices } from "./prices";

/**
 * Where an answer may send a shopper. A model can be talked (by a shopper, or by text planted in
 * a product description) into "pay at [secure checkout](https://evil.example)" or "call +1 555
 * 0100": the shopper trusts the shop's assistant, so links go only to the shop's own origins and
 * catalogue URLs, and emails and phones only to ones the shop's settings or knowledge hold (or the
 * shopper typed themselves).
 */
export interface DestinationPolicy {
  /** Lower-case origins ("https://shop.example") any path of which may be linked. */
  origins: Set<string>;
  /** Exact catalogue URLs (absolute, as stored). */
  urls: Set<string>;
  /** Lower-case emails. */
  emails: Set<string>;
  /** Digits of allowed phone numbers. */
  phones: string[];
}

export interface DestinationSources {
  /** The shop's storefront domain (Shopify myshopify domain, WordPress host). */
  shopDomain?: string | null;
  /** The platform's storefront addresses, the origins the merchant listed (settings.allowedOrigins) and their contact page. */
  origins: string[];
  /** URLs of the catalogue items in the context: these exact addresses, not their whole sites. */
  catalogUrls: string[];
  /** Contacts from the shop's settings. */
  emails: string[];
  phones: string[];
  /** Texts whose emails and phones count as known: the context (the shop's knowledge) and what the shopper wrote. */
  texts: string[];
}

export function destinationPolicy(sources: DestinationSources): DestinationPolicy {
  const origins = new Set<string>();
  const urls = new Set<string>();
  if (sources.shopDomain) {
    origins.add(`https://${sources.shopDomain.toLowerCase()}`);
    origins.add(`http://${sources.shopDomain.toLowerCase()}`);
  }
  for (const value of sources.origins) {
    const origin = originOf(value);
    if (origin) origins.add(origin);
  }
  for (const url of sources.catalogUrls) urls.add(url);
  const emails = new Set(sources.emails.map((email) => email.trim().toLowerCase()));
  const phones = sources.phones.map(digitsOf).filter((digits) => digits.length >= MIN_PHONE_DIGITS);
  for (const text of sources.texts) {
    for (const email of findEmails(text)) emails.add(email);
    for (const phone of findPhones(text)) phones.push(phone.digits);
  }
  return { origins, urls, emails, phones };
}

export interface DestinationOutcome {
  text: string;
  /** Links turned into their plain text. */
  unlinked: number;
  /** 1 when the sentence was dropped for a bare URL, email or phone the shop does not have. */
  removed: number;
}

const MIN_PHONE_DIGITS = 7;
// Linear-time patterns (recheck: safe): the guard runs on every model sentence. A link's parts stop
// at any bracket, so no two attempts rescan the same text.
const MARKDOWN_LINK = /(!?)\[([^[\]\n]*)\]\(([^()[\]\s]+)\)/gu;
const BARE_URL = /(?:\bhttps?:\/\/|\bwww\.)[^\s<>()[\]"'`]+/giu;
const EMAIL_LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const EMAIL_DOMAIN_CHAR = /[\p{L}\p{N}.-]/u;
const TRAILING_PUNCTUATION = new Set([".", ",", ";", ":", "!", "?", "…", "»", "”"]);
const PHONE = /(?<![\p{L}\p{N}+])\+?\d(?:[ \u00A0().-]{0,2}\d){6,14}(?![\p{L}\p{N}])/gu;
const DATE = /^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/u;

/**
 * One sentence checked: a Markdown link to anywhere else keeps its text and loses its target; a
 * bare URL, email or phone number the shop does not have removes the sentence (what is left of
 * "call  or mail " would say nothing, and a missing sentence costs less than a scam).
 */
export function guardDestinations(sentence: string, policy: DestinationPolicy): DestinationOutcome {
  let unlinked = 0;
  const text = sentence.replace(MARKDOWN_LINK, (link, bang: string, label: string, target: string) => {
    if (!bang && linkAllowed(target, policy)) return link;
    unlinked++;
    return label;
  });
  // A sentence that ended its line keeps the line break (trimEnd, not a backtracking /\n\s*$/).
  const dropped = { text: sentence.trimEnd().length < sentence.length && sentence.slice(sentence.trimEnd().length).includes("\n") ? "\n" : "", unlinked, removed: 1 };
  for (const match of text.matchAll(BARE_URL)) {
    const url = trimEnd(match[0], (char) => TRAILING_PUNCTUATION.has(char));
    if (!urlAllowed(/^www\./i.test(url) ? `https://${url}` : url, policy)) return dropped;
  }
  for (const email of findEmails(text)) if (!policy.emails.has(email)) return dropped;
  for (const phone of findPhones(text)) if (!phoneAllowed(phone.digits, policy)) return dropped;
  return { text, unlinked, removed: 0 };
}

function linkAllowed(target: string, policy: DestinationPolicy): boolean {
  // A path on the page's own site: the storefront's (catalogue links are often relative).
  if (target.startsWith("/") && !target.startsWith("//") && !target.startsWith("/\\")) return true;
  const lower = target.toLowerCase();
  if (lower.startsWith("mailto:")) return policy.emails.has(decodeSafe(target.slice(7).split("?")[0]).trim().toLowerCase());
  if (lower.startsWith("tel:")) return phoneAllowed(digitsOf(target.slice(4)), policy);
  return urlAllowed(target, policy);
}

function urlAllowed(url: string, policy: DestinationPolicy): boolean {
  if (policy.urls.has(url)) return true;
  const origin = originOf(url);
  return origin !== undefined && policy.origins.has(origin);
}

/** Same number written differently ("+7 916 123-45-67", "8 (916) 1234567"): the last ten digits decide. */
function phoneAllowed(digits: string, policy: DestinationPolicy): boolean {
  const key = digits.slice(-10);
  return policy.phones.some((known) => known.slice(-10) === key);
}

/**
 * Email addresses (lower case), found from each "@" outwards rather than by one pattern scanning
 * for a local part at every position (quadratic on a long run of letters).
 */
export function findEmails(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && EMAIL_LOCAL_CHAR.test(text[start - 1])) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 253 && EMAIL_DOMAIN_CHAR.test(text[end])) end++;
    const domain = trimEnd(text.slice(at + 1, end), (char) => char === "." || char === "-");
    const labels = domain.split(".");
    if (start < at && labels.length >= 2 && labels.every((label) => label.length > 0 && label.length <= 63)) out.push(`${text.slice(start, at)}@${domain}`.toLowerCase());
  }
  return out;
}

function trimEnd(value: string, drop: (char: string) => boolean): string {
  let end = value.length;
  while (end > 0 && drop(value[end - 1])) end--;
  return value.slice(0, end);
}

/** Phone-like digit runs that are neither a price nor a date. */
function findPhones(text: string): { digits: string }[] {
  const prices = findPrices(text);
  const out: { digits: string }[] = [];
  for (const match of text.matchAll(PHONE)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (DATE.test(match[0])) continue;
    if (prices.some((price) => price.start < end && start < price.end)) continue;
    const digits = digitsOf(match[0]);
    if (digits.length >= MIN_PHONE_DIGITS) out.push({ digits });
  }
  return out;
}

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.origin.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

function digitsOf(value: string): string {
  return value.replace(/\D/g, "");
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

import { persistenceAllowed } from "./consent";

type Area = "localStorage" | "sessionStorage";

/** Without the visitor's consent where Shopify requires it, nothing is kept beyond the tab. */
const areaOf = (storage: Area): Area => (storage === "localStorage" && !persistenceAllowed() ? "sessionStorage" : storage);

/** Storage can throw (Safari private mode, blocked cookies): the widget then just forgets. */
export function load<T>(storage: Area, key: string): T | undefined {
  try {
    const raw = window[areaOf(storage)].getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function save(storage: Area, key: string, value: unknown): void {
  try {
    window[areaOf(storage)].setItem(key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: persistence is a convenience, not a requirement.
  }
}

export function uuidV4(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** What the server says a conversation's idle window is, until a reply says otherwise. */
const DEFAULT_IDLE_HOURS = 24;
const sessionKey = (shopPublicKey: string) => `palompy:${shopPublicKey}:sid`;
const activityKey = (shopPublicKey: string) => `palompy:${shopPublicKey}:active`;

interface SessionActivity {
  at: number;
  idleHours: number;
}

/**
 * One shopper id per browser and shop, kept across visits so conversations and surveys line up,
 * until the conversation has been idle longer than the server's window: then the next shopper on
 * a shared browser starts afresh under a new id.
 */
export function sessionIdFor(shopPublicKey: string, now = Date.now()): string {
  const existing = load<string>("localStorage", sessionKey(shopPublicKey));
  const activity = load<SessionActivity>("localStorage", activityKey(shopPublicKey));
  const idleHours = activity && activity.idleHours > 0 ? activity.idleHours : DEFAULT_IDLE_HOURS;
  const expired = !!activity && typeof activity.at === "number" && now - activity.at > idleHours * 3_600_000;
  if (existing && UUID_V4.test(existing) && !expired) return existing;
  const id = uuidV4();
  save("localStorage", sessionKey(shopPublicKey), id);
  save("localStorage", activityKey(shopPublicKey), { at: now, idleHours });
  return id;
}

/** Records a chat turn: the idle window counts from here, with the server's length when it sent one. */
export function markSessionActive(shopPublicKey: string, idleHours?: number): void {
  const known = load<SessionActivity>("localStorage", activityKey(shopPublicKey))?.idleHours;
  const hours = typeof idleHours === "number" && idleHours > 0 ? idleHours : known && known > 0 ? known : DEFAULT_IDLE_HOURS;
  save("localStorage", activityKey(shopPublicKey), { at: Date.now(), idleHours: hours });
}

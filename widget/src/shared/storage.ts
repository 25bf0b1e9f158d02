/** Storage can throw (Safari private mode, blocked cookies): the widget then just forgets. */
export function load<T>(storage: "localStorage" | "sessionStorage", key: string): T | undefined {
  try {
    const raw = window[storage].getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function save(storage: "localStorage" | "sessionStorage", key: string, value: unknown): void {
  try {
    window[storage].setItem(key, JSON.stringify(value));
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

/** One shopper id per browser and shop, kept across visits so conversations and surveys line up. */
export function sessionIdFor(shopPublicKey: string): string {
  const key = `palompy:${shopPublicKey}:sid`;
  const existing = load<string>("localStorage", key);
  if (existing && UUID_V4.test(existing)) return existing;
  const id = uuidV4();
  save("localStorage", key, id);
  return id;
}

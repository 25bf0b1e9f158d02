import { analyticsAllowed, persistenceAllowed } from "./consent";
import { load, save } from "./storage";

export type HoldoutGroup = "treatment" | "control";

const holdoutKey = (shopPublicKey: string) => `palompy:${shopPublicKey}:holdout`;

/**
 * The visitor's holdout group, drawn once at random and kept in localStorage (like the session
 * id) so the same visitor stays in the same group on every page and visit. With the holdout off
 * (0 %) nobody is assigned and no group is reported; a visitor assigned earlier keeps the group.
 * Where storage is refused every page would draw again, which would mix the groups: such a visitor
 * is not assigned at all, and sees the assistant; so is a visitor who has not consented (where Shopify's
 * Customer Privacy API requires it) to analytics and to being remembered: the experiment is measured
 * with both, so such a visitor is not part of it.
 */
export function holdoutGroupFor(shopPublicKey: string, holdoutPercent: number, random = Math.random): HoldoutGroup | null {
  if (!analyticsAllowed() || !persistenceAllowed()) return null;
  const stored = load<{ group?: unknown }>("localStorage", holdoutKey(shopPublicKey))?.group;
  if (stored === "treatment" || stored === "control") return stored;
  if (!(holdoutPercent > 0)) return null;
  const group: HoldoutGroup = random() * 100 < Math.min(50, holdoutPercent) ? "control" : "treatment";
  save("localStorage", holdoutKey(shopPublicKey), { group, at: Date.now() });
  return load<{ group?: unknown }>("localStorage", holdoutKey(shopPublicKey))?.group === group ? group : null;
}

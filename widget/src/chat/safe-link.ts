import { isSafeLink } from "../../../app/knowledge/safe-link";

/**
 * The catalog link rule of the import (app/knowledge/safe-link.ts), applied again before anything is
 * rendered: data stored before the rule, or a model's link, never takes the shopper off the shop
 * through a path that only looks site-relative. The link itself, or undefined.
 */
export function safeLink(value: string | undefined): string | undefined {
  return value && isSafeLink(value, document.baseURI) ? value : undefined;
}

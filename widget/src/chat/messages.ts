import { formatPrice as formatAmount, parseAmount } from "../../../app/chat/price-format";
import { addToShopifyCart, type Source } from "./api";
import { h } from "./dom";
import { richText } from "./rich-text";
import { safeLink } from "./safe-link";
import { fill, type Strings } from "./strings";

export interface ChatMessage {
  /** Local id (DOM and storage); messageId is the server's id used for feedback. */
  id: string;
  role: "user" | "assistant";
  text: string;
  sources?: Source[];
  messageId?: string;
  vote?: "up" | "down";
  status?: "pending" | "error";
  error?: string;
}

export interface MessageActions {
  retry(message: ChatMessage): void;
  vote(message: ChatMessage, vote: "up" | "down"): void;
  track(type: "product_click" | "add_to_cart", metadata: Record<string, unknown>): void;
}

const THUMB = "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3a1.5 1.5 0 0 0-.5-1L13.1 1 6.6 7.6A2 2 0 0 0 6 9v10a2 2 0 0 0 2 2h9a2 2 0 0 0 1.8-1.2l3-7.1.2-.7v-2z";
const icon = (path: string, flip = false) =>
  `<svg viewBox="0 0 24 24" aria-hidden="true"${flip ? ' style="transform:rotate(180deg)"' : ""}><path d="${path}"/></svg>`;

export function renderMessage(message: ChatMessage, t: Strings, lang: string, actions: MessageActions): HTMLElement {
  const mine = message.role === "user";
  const text = h("div", { class: "text" }, ...(mine ? [message.text] : richText(message.text)));
  const el = h("div", { class: `msg ${mine ? "user" : "bot"}`, "data-id": message.id }, h("span", { class: "sr" }, `${mine ? t.you : t.assistant}: `), text);
  if (mine) return el;
  if (message.status === "pending" && !message.text) el.append(typing(t));
  if (message.sources?.length) el.append(...renderSources(message.sources, t, lang, actions));
  if (message.status === "error") {
    el.classList.add("failed");
    el.append(
      h("p", { class: "err", role: "alert" }, message.error ?? t.error),
      h("button", { type: "button", class: "btn retry", onclick: () => actions.retry(message) }, t.retry),
    );
  } else if (message.messageId && !message.status) {
    el.append(renderFeedback(message, t, actions));
  }
  return el;
}

export function typing(t: Strings): HTMLElement {
  return h("div", { class: "typing", role: "img", "aria-label": t.typing }, h("i"), h("i"), h("i"));
}

export function renderFeedback(message: ChatMessage, t: Strings, actions: MessageActions): HTMLElement {
  const button = (vote: "up" | "down", label: string) => {
    const b = h("button", {
      type: "button",
      class: "vote",
      "data-vote": vote,
      "aria-label": label,
      "aria-pressed": String(message.vote === vote),
      onclick: () => actions.vote(message, vote),
    });
    b.innerHTML = icon(THUMB, vote === "down");
    return b;
  };
  return h(
    "div",
    { class: "feedback" },
    button("up", t.helpful),
    button("down", t.notHelpful),
    message.vote ? h("span", { class: "muted", role: "status" }, t.feedbackThanks) : null,
  );
}

/** The chat answer's own formatter, so a card shows a price exactly as the text beside it does. */
function formatPrice(source: Source, lang: string): string | undefined {
  if (!source.price) return undefined;
  const amount = parseAmount(source.price);
  if (amount === undefined) return source.currency ? `${source.price} ${source.currency}` : source.price;
  return formatAmount(amount, source.currency, lang === "ru" ? "ru" : "en");
}

const isShopify = () => typeof (window as { Shopify?: unknown }).Shopify === "object";

function renderSources(sources: Source[], t: Strings, lang: string, actions: MessageActions): HTMLElement[] {
  const products = sources.filter((s) => s.type === "product");
  const others = sources.filter((s) => s.type !== "product" && safeLink(s.url));
  const out: HTMLElement[] = [];
  if (products.length) {
    out.push(h("ul", { class: "cards", role: "list" }, ...products.slice(0, 6).map((p) => h("li", {}, productCard(p, t, lang, actions)))));
  }
  if (others.length) {
    const links = others.slice(0, 4).map((s) => h("a", { href: s.url, class: "src" }, s.title));
    out.push(h("p", { class: "sources muted" }, `${t.sources}: `, ...links.flatMap((a, i) => (i ? [", ", a] : [a]))));
  }
  return out;
}

function productCard(unchecked: Source, t: Strings, lang: string, actions: MessageActions): HTMLElement {
  const product = { ...unchecked, url: safeLink(unchecked.url), image: safeLink(unchecked.image) };
  const price = formatPrice(product, lang);
  const click = () => actions.track("product_click", { productId: product.id });
  const card = h(
    "div",
    { class: "card" },
    product.image ? h("img", { src: product.image, alt: "", loading: "lazy", width: 160, height: 120 }) : h("div", { class: "img-ph" }),
    product.url ? h("a", { href: product.url, class: "title", onclick: click }, product.title) : h("span", { class: "title" }, product.title),
    price ? h("span", { class: "price" }, price) : null,
  );
  const row = h("div", { class: "card-actions" });
  if (product.url) row.append(h("a", { href: product.url, class: "btn small ghost", onclick: click, "aria-label": `${t.view}: ${product.title}` }, t.view));
  // The product's `id` is its catalog id (a Shopify sync keeps GIDs); Shopify's cart takes the
  // number of a variant on sale, which the server sends as `variantId` when there is one.
  const variantId = product.variantId;
  if (isShopify() && variantId && /^\d+$/.test(variantId)) {
    const status = h("span", { class: "muted", role: "status" });
    const add = h("button", {
      type: "button",
      class: "btn small",
      "aria-label": `${t.addToCart}: ${product.title}`,
      onclick: () => {
        add.disabled = true;
        addToShopifyCart(variantId).then(
          () => {
            status.textContent = t.added;
            actions.track("add_to_cart", { productId: product.id, variantId });
            document.dispatchEvent(new CustomEvent("palompy:cart-add", { detail: { variantId, productId: product.id }, bubbles: true }));
          },
          () => {
            status.textContent = t.cartFailed;
            add.disabled = false;
          },
        );
      },
    }, t.addToCart);
    row.append(add, status);
  }
  card.append(row);
  return card;
}

export const errorText = (t: Strings, error: unknown): string => {
  const e = error as { status?: number; retryAfter?: number; message?: string };
  if (e?.status === 429) return fill(t.rateLimited, e.retryAfter ?? 30);
  if (e?.message === "the answer was interrupted") return t.interrupted;
  return t.error;
};

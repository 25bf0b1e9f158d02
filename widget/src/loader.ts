/**
 * widget.js: everything a store page loads before the shopper opens the chat. It draws the
 * launcher in a shadow root, records page analytics and exposes window.PalompyWidget; the chat
 * panel itself is a separate chunk fetched on the first sign of intent (hover, focus, open).
 */
import { createTracker } from "./shared/analytics";
import { loadCustomerPrivacy } from "./shared/consent";
import { applyRemoteConfig, readConfig, warn, type RemoteConfig, type WidgetConfig } from "./shared/config";
import { holdoutGroupFor, type HoldoutGroup } from "./shared/holdout";
import { sessionIdFor, load } from "./shared/storage";
import { CHAT_MOUNT_GLOBAL, conversationKey, type ChatController, type LeadDetail, type MountChat, type WidgetHost } from "./shared/types";
import launcherCss from "./launcher.css?inline";

declare const __PALOMPY_CHAT_CHUNK__: string;
declare const __PALOMPY_VERSION__: string;

type LeadCallback = (lead: LeadDetail) => void;

export interface PalompyWidgetApi {
  version: string;
  sessionId: string;
  open(): void;
  close(): void;
  send(text: string): void;
  /** Registers a callback for every captured lead; returns a function that unregisters it. */
  onLead(callback: LeadCallback): () => void;
}

const CHAT_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
const CLOSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z"/></svg>';

const LABELS = {
  en: { open: "Open shopping assistant chat", close: "Close shopping assistant chat" },
  ru: { open: "Открыть чат с помощником магазина", close: "Закрыть чат с помощником магазина" },
};

function boot(script: HTMLScriptElement | null) {
  const w = window as unknown as Record<string, unknown>;
  if (w.PalompyWidget) {
    warn("widget.js is included twice; the second copy is ignored.");
    return;
  }
  const htmlLang = document.documentElement.lang;
  const config = readConfig(script, htmlLang);
  if (!config) return;
  // The console's settings; the browser's HTTP cache revalidates them by ETag. A failure keeps the snippet's config.
  const remoteConfig = fetch(`${config.apiBase}/api/widget/config?shopPublicKey=${encodeURIComponent(config.shopPublicKey)}`)
    .then((response) => (response.ok ? (response.json() as Promise<RemoteConfig>) : undefined))
    .catch(() => undefined);

  loadCustomerPrivacy();
  const sessionId = sessionIdFor(config.shopPublicKey);
  const { track, flush } = createTracker(`${config.apiBase}/api/analytics/events`, config.shopPublicKey, sessionId, config.lang);
  const leadCallbacks = new Set<LeadCallback>();

  const hostElement = document.createElement("palompy-widget");
  // The page's own CSS reaches the host element only; keep it out of layout and on top.
  hostElement.setAttribute("style", "all:initial!important;position:fixed!important;z-index:2147483000!important;width:0!important;height:0!important;");
  const root = hostElement.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = launcherCss;
  const container = document.createElement("div");
  container.className = `root pos-${config.position}`;
  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.setAttribute("aria-haspopup", "dialog");
  container.append(launcher);
  // Hidden until the settings say whether this visitor is held out: a control visitor never sees it, not even for a moment.
  container.hidden = true;
  root.append(style, container);
  document.body.append(hostElement);
  applyColor(container, launcher, config);

  const setLauncherOpen = (open: boolean) => {
    const labels = LABELS[config.lang];
    launcher.innerHTML = open ? CLOSE_ICON : CHAT_ICON;
    launcher.setAttribute("aria-label", open ? labels.close : labels.open);
    launcher.setAttribute("aria-expanded", String(open));
  };
  setLauncherOpen(false);
  const configReady = remoteConfig.then((remote) => {
    if (!remote) return;
    applyRemoteConfig(config, remote, script, htmlLang);
    container.className = `root pos-${config.position}`;
    applyColor(container, launcher, config);
    setLauncherOpen(launcher.getAttribute("aria-expanded") === "true");
  });
  const holdout: Promise<HoldoutGroup | null> = configReady.then(() => holdoutGroupFor(config.shopPublicKey, config.holdoutPercent));
  void holdout.then((group) => {
    container.hidden = group === "control";
  });

  const emitLead = (collected: Record<string, unknown>) => {
    const field = (name: string) => (typeof collected[name] === "string" && collected[name] ? (collected[name] as string) : null);
    const detail: LeadDetail = {
      name: field("name"),
      email: field("email"),
      phone: field("phone"),
      intent: field("intent"),
      orderNumber: field("orderNumber"),
      preferredContact: field("preferredContact"),
      notes: field("notes"),
      sessionId,
      pageUrl: location.href,
    };
    document.dispatchEvent(new CustomEvent("palompy:lead", { detail, bubbles: true }));
    for (const callback of leadCallbacks) {
      try {
        callback(detail);
      } catch (error) {
        console.error("[Palompy] an onLead callback failed", error);
      }
    }
  };

  const host: WidgetHost = { config, root, container, launcher, sessionId, track, emitLead, setLauncherOpen };
  let chat: Promise<ChatController> | undefined;
  const restoreOpen = load<{ open?: boolean }>("sessionStorage", conversationKey(config.shopPublicKey))?.open === true;

  const ensureChat = () =>
    // From the Palompy app, not the script's host: the loader may be served by Shopify's CDN (theme
    // app extension) or a WordPress site, and the API base may be the store's App Proxy.
    (chat ??= Promise.all([loadChunk(new URL(__PALOMPY_CHAT_CHUNK__, `${config.assetBase}/`).href), configReady]).then(
      () => (w[CHAT_MOUNT_GLOBAL] as MountChat)(host, restoreOpen),
      (error) => {
        chat = undefined;
        throw error;
      },
    ));
  const withChat = (run: (c: ChatController) => void) =>
    holdout.then((group) =>
      // The page's own buttons (PalompyWidget.open) must not reach a held-out visitor either.
      group === "control" ? undefined : ensureChat().then(run, () => warn("the chat could not be loaded; check the network and data-api-base.")),
    );

  launcher.addEventListener("click", () => withChat((c) => (c.isOpen() ? c.close("launcher") : c.open("launcher"))));
  // Intent to open: fetch the panel early so the first click feels instant.
  launcher.addEventListener("pointerenter", () => void ensureChat().catch(() => {}), { once: true });
  launcher.addEventListener("focus", () => void ensureChat().catch(() => {}), { once: true });

  const api: PalompyWidgetApi = {
    version: __PALOMPY_VERSION__,
    sessionId,
    open: () => withChat((c) => c.open("api")),
    close: () => withChat((c) => c.close("api")),
    send: (text) => withChat((c) => c.send(String(text), "api")),
    onLead(callback) {
      if (typeof callback !== "function") {
        warn("PalompyWidget.onLead expects a function.");
        return () => {};
      }
      leadCallbacks.add(callback);
      return () => leadCallbacks.delete(callback);
    },
  };
  w.PalompyWidget = api;

  trackPageLifecycle(track, flush, config, holdout);
  if (restoreOpen) void withChat(() => {});
  document.dispatchEvent(new CustomEvent("palompy:ready", { detail: { sessionId } }));
}

function loadChunk(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    tag.onload = () => resolve();
    tag.onerror = () => {
      tag.remove();
      reject(new Error(`failed to load ${src}`));
    };
    document.head.append(tag);
  });
}

/** Picks black or white text for the store's accent color so the launcher keeps its contrast. */
function applyColor(container: HTMLElement, probe: HTMLElement, config: WidgetConfig) {
  if (!config.color) return;
  container.style.setProperty("--pw-accent", config.color);
  const [r, g, b] = (getComputedStyle(probe).backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
  if (r === undefined) return;
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  // White text reaches 4.5:1 only on accents darker than ~0.18 relative luminance.
  container.style.setProperty("--pw-on-accent", luminance > 0.18 ? "#111" : "#fff");
}

function trackPageLifecycle(track: ReturnType<typeof createTracker>["track"], flush: () => void, config: WidgetConfig, holdout: Promise<HoldoutGroup | null>) {
  const startedAt = Date.now();
  let visibleSince = document.visibilityState === "visible" ? startedAt : 0;
  let hiddenSince = visibleSince ? 0 : startedAt;
  let visibleMs = 0;

  track("widget_init", { position: config.position, prompts: config.prompts.length, version: __PALOMPY_VERSION__ });
  const title = document.title.slice(0, 200);
  const referrer = document.referrer.slice(0, 500) || undefined;
  // Both groups report the page view the same way, with the group, so conversion can be compared.
  void holdout.then((group) => track("page_view", { title, referrer, ...(group ? { holdoutGroup: group } : {}) }));

  document.addEventListener("visibilitychange", () => {
    const now = Date.now();
    if (document.visibilityState === "hidden" && visibleSince) {
      visibleMs += now - visibleSince;
      track("page_hidden", { focusMs: now - visibleSince });
      visibleSince = 0;
      hiddenSince = now;
      flush();
    } else if (document.visibilityState === "visible" && !visibleSince) {
      track("page_visible", { hiddenMs: hiddenSince ? now - hiddenSince : undefined });
      visibleSince = now;
    }
  });
  addEventListener("pagehide", () => {
    const now = Date.now();
    track("session_duration", { durationMs: now - startedAt, focusMs: visibleMs + (visibleSince ? now - visibleSince : 0) });
    flush();
  });
}

function start() {
  const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>("script[data-shop-id]");
  const run = () => {
    try {
      boot(script);
    } catch (error) {
      // Whatever happens, the store page keeps working.
      console.error("[Palompy] the widget failed to start", error);
    }
  };
  if (document.body) run();
  else document.addEventListener("DOMContentLoaded", run, { once: true });
}

start();

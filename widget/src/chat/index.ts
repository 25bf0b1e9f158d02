/**
 * The chat panel chunk (widget-chat.<hash>.js): loaded by widget.js on first intent, it mounts the
 * dialog into the loader's shadow root and owns the conversation, its persistence and streaming.
 */
import { load, markSessionActive, save, uuidV4 } from "../shared/storage";
import { CHAT_MOUNT_GLOBAL, conversationKey, type ChatController, type ToggleSource, type WidgetHost } from "../shared/types";
import { fetchActiveSurvey, sendFeedback, sendHandoff, streamChat, submitSurvey, type Survey } from "./api";
import css from "./chat.css?inline";
import { h } from "./dom";
import { errorText, renderFeedback, renderMessage, type ChatMessage, type MessageActions } from "./messages";
import { richText } from "./rich-text";
import { STRINGS, fill } from "./strings";
import { chatLanguageOf, greetingFor, promptsFor, type Lang } from "../shared/config";
import { renderHandoffForm } from "./handoff";
import { renderSurvey } from "./survey";

interface Conversation {
  open: boolean;
  messages: ChatMessage[];
  /** The survey shown in this browser session, kept so it survives navigation until answered. */
  survey?: { data: Survey; status: "shown" | "submitted" | "dismissed" };
  /** Last lead emitted, so a repeated collectedData does not fire palompy:lead twice. */
  lastLead?: string;
  /** The contact form for a person: offered once per browser session until sent or dismissed. */
  handoff?: "shown" | "sent" | "dismissed";
  /** The language the assistant answered in last: the shopper's, which wins over the page's for greeting and prompts. */
  language?: Lang;
}

const MAX_STORED_MESSAGES = 40;
const MAX_MESSAGE_LENGTH = 2_000;
const REQUEST_TIMEOUT_MS = 90_000;

function mountChat(host: WidgetHost, restoreOpen: boolean): ChatController {
  const { config, root, container, launcher, sessionId, track } = host;
  const t = STRINGS[config.lang];
  const storageKey = conversationKey(config.shopPublicKey);
  const surveyDoneKey = (id: string) => `palompy:${config.shopPublicKey}:survey:${id}`;
  const state: Conversation = load<Conversation>("sessionStorage", storageKey) ?? { open: false, messages: [] };
  // A stream cut off by navigation cannot be resumed: offer a retry instead of a frozen bubble.
  for (const m of state.messages) if (m.status === "pending") Object.assign(m, { status: "error", error: t.interrupted });
  let busy = false;

  const persist = () => save("sessionStorage", storageKey, { ...state, messages: state.messages.slice(-MAX_STORED_MESSAGES) });

  const style = h("style", {}, css);
  const closeButton = h("button", { type: "button", class: "x", "aria-label": t.close, onclick: () => controller.close("close_button") });
  closeButton.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z"/></svg>';
  const log = h("div", { class: "log", role: "log", "aria-label": t.messages, "aria-live": "off", tabindex: 0 });
  const live = h("div", { class: "sr", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  const offline = h("p", { class: "offline", role: "status" }, t.offline);
  const input = h("textarea", { id: "pw-input", rows: 1, maxlength: MAX_MESSAGE_LENGTH, placeholder: t.placeholder, autocomplete: "off" });
  const sendButton = h("button", { type: "submit", class: "send", "aria-label": t.send });
  sendButton.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5v-7l9-1.5-9-1.5v-7L22 12z"/></svg>';
  const form = h("form", { class: "composer" }, h("label", { class: "sr", for: "pw-input" }, t.inputLabel), input, sendButton);
  const panel = h(
    "div",
    { class: "panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "pw-title", id: "pw-panel", hidden: true },
    h("div", { class: "head" }, h("div", {}, h("h2", { id: "pw-title" }, config.assistantName || t.title), h("p", {}, t.subtitle)), closeButton),
    renderPerks(),
    offline,
    log,
    live,
    form,
  );
  launcher.setAttribute("aria-controls", "pw-panel");
  root.prepend(style);
  container.append(panel);

  function renderPerks() {
    const { freeShippingFrom, returnsDays, delivery, warranty, badges = [] } = config.perks;
    const items = [
      freeShippingFrom && fill(t.freeShipping, freeShippingFrom),
      returnsDays && fill(t.returns, returnsDays),
      delivery,
      warranty,
      ...badges,
    ].filter((x): x is string => !!x);
    return items.length ? h("ul", { class: "perks", role: "list" }, ...items.map((text) => h("li", {}, text))) : null;
  }

  const actions: MessageActions = {
    retry(message) {
      const index = state.messages.indexOf(message);
      const question = state.messages.slice(0, index).reverse().find((m) => m.role === "user");
      if (!question || busy) return;
      Object.assign(message, { status: "pending", text: "", error: undefined, sources: undefined });
      rerender(message);
      void answer(message, question.text);
    },
    vote(message, vote) {
      if (!message.messageId || message.vote === vote) return;
      message.vote = vote;
      persist();
      const row = log.querySelector(`[data-id="${message.id}"] .feedback`);
      const fresh = renderFeedback(message, t, actions);
      row?.replaceWith(fresh);
      fresh.querySelector<HTMLButtonElement>(`[data-vote="${vote}"]`)?.focus();
      track("feedback_vote", { messageId: message.messageId, vote, buttonId: `vote-${vote}` });
      sendFeedback(config.apiBase, { shopPublicKey: config.shopPublicKey, sessionId, messageId: message.messageId, vote }).catch(() => {});
    },
    track,
  };

  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  const scrollDown = () => {
    log.scrollTop = log.scrollHeight;
  };
  const elementOf = (message: ChatMessage) => log.querySelector<HTMLElement>(`[data-id="${message.id}"]`);
  function rerender(message: ChatMessage) {
    elementOf(message)?.replaceWith(renderMessage(message, t, config.lang, actions));
  }

  function renderAll() {
    const lang = state.language ?? config.lang;
    log.replaceChildren(h("div", { class: "msg bot" }, h("div", { class: "text" }, greetingFor(config, lang) || STRINGS[lang].greeting)));
    for (const message of state.messages) log.append(renderMessage(message, t, config.lang, actions));
    const prompts = promptsFor(config, lang);
    if (!state.messages.some((m) => m.role === "user") && prompts.length) log.append(renderPrompts(prompts));
    if (state.survey?.status === "shown") log.append(surveyCard(state.survey.data));
    scrollDown();
  }

  function renderPrompts(prompts: string[]) {
    return h(
      "div",
      { class: "prompts", role: "group", "aria-label": t.prompts },
      ...prompts.map((prompt, index) =>
        h("button", {
          type: "button",
          class: "chip",
          "data-prompt-id": `prompt-${index}`,
          onclick: () => {
            track("quick_prompt_click", { buttonId: `prompt-${index}`, prompt: prompt.slice(0, 120) });
            controller.send(prompt, "prompt");
          },
        }, prompt),
      ),
    );
  }

  async function answer(bot: ChatMessage, question: string) {
    busy = true;
    sendButton.disabled = true;
    const startedAt = Date.now();
    let offerHandoff = false;
    const element = () => elementOf(bot);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      const record = await streamChat(
        config.apiBase,
        { shopPublicKey: config.shopPublicKey, sessionId, message: question, lang: config.lang, page: { url: location.href, title: document.title } },
        {
          onSources(sources) {
            bot.sources = sources;
          },
          onToken(piece) {
            const follow = nearBottom();
            bot.text += piece;
            const el = element();
            el?.querySelector(".typing")?.remove();
            const text = el?.querySelector(".text");
            text?.replaceChildren(...richText(bot.text));
            if (follow) scrollDown();
          },
          onLead: emitLeadOnce,
        },
        abort.signal,
      );
      Object.assign(bot, { text: record.answer || bot.text, sources: record.sources, messageId: record.messageId, status: undefined });
      state.language = chatLanguageOf(record.language) ?? state.language;
      markSessionActive(config.shopPublicKey, record.sessionIdleHours);
      if (record.collectedData) emitLeadOnce(record.collectedData);
      live.textContent = `${t.assistant}: ${bot.text}`;
      offerHandoff = record.handoff === true;
      track("message_received", { messageId: record.messageId, latencyMs: Date.now() - startedAt, sources: record.sources.length });
    } catch (error) {
      Object.assign(bot, { status: "error", error: abort.signal.aborted ? t.error : errorText(t, error) });
      live.textContent = bot.error ?? t.error;
    } finally {
      clearTimeout(timer);
      busy = false;
      sendButton.disabled = !navigator.onLine;
    }
    const follow = nearBottom();
    rerender(bot);
    if (follow) scrollDown();
    persist();
    if (!bot.status && offerHandoff) showHandoff();
    else if (!bot.status) void maybeShowSurvey();
  }

  function showHandoff() {
    if (state.handoff || log.querySelector(".handoff")) return;
    state.handoff = "shown";
    persist();
    const card = renderHandoffForm(t, {
      async submit(fields) {
        await sendHandoff(config.apiBase, { shopPublicKey: config.shopPublicKey, sessionId, ...fields, pageUrl: location.href.slice(0, 2000) });
        state.handoff = "sent";
        persist();
        const thanks = h("div", { class: "msg bot", tabindex: -1 }, h("div", { class: "text" }, t.handoffThanks));
        card.replaceWith(thanks);
        thanks.focus();
        live.textContent = t.handoffThanks;
      },
      dismiss() {
        state.handoff = "dismissed";
        persist();
        card.remove();
        input.focus();
      },
    });
    log.append(card);
    scrollDown();
  }

  function emitLeadOnce(collected: Record<string, unknown>) {
    const hasContact = ["name", "email", "phone", "orderNumber"].some((k) => typeof collected[k] === "string" && collected[k]);
    const signature = JSON.stringify(collected);
    if (!hasContact || signature === state.lastLead) return;
    state.lastLead = signature;
    persist();
    host.emitLead(collected);
  }

  function surveyCard(survey: Survey): HTMLElement {
    const finish = (status: "submitted" | "dismissed") => {
      state.survey = { data: survey, status };
      save("localStorage", surveyDoneKey(survey.id), status);
      persist();
      track(status === "submitted" ? "survey_submitted" : "survey_dismissed", { surveyId: survey.id });
    };
    const card = renderSurvey(survey, t, {
      async submit(answers) {
        await submitSurvey(config.apiBase, survey.id, {
          shopPublicKey: config.shopPublicKey,
          sessionId,
          answers,
          metadata: { pageUrl: location.href.slice(0, 500), language: config.lang },
        });
        finish("submitted");
        const thanks = h("div", { class: "msg bot", tabindex: -1 }, h("div", { class: "text" }, t.surveyThanks));
        card.replaceWith(thanks);
        thanks.focus();
        live.textContent = t.surveyThanks;
      },
      dismiss() {
        finish("dismissed");
        card.remove();
        input.focus();
      },
    });
    return card;
  }

  /** Once per visitor, after the first helpful exchange of a session. */
  async function maybeShowSurvey() {
    if (state.survey) return;
    const survey = await fetchActiveSurvey(config.apiBase, config.shopPublicKey, config.lang, location.origin + location.pathname).catch(() => null);
    if (!survey || state.survey || load("localStorage", surveyDoneKey(survey.id))) return;
    state.survey = { data: survey, status: "shown" };
    persist();
    // Asked once per visitor: a survey left unanswered is not asked again in the next session.
    save("localStorage", surveyDoneKey(survey.id), "shown");
    const follow = nearBottom();
    log.append(surveyCard(survey));
    // Brought into view (a card below the fold went unseen), unless the shopper has scrolled up to read.
    if (follow) scrollDown();
    track("survey_shown", { surveyId: survey.id, questions: survey.questions.length });
  }

  function updateOnline() {
    offline.hidden = navigator.onLine;
    sendButton.disabled = busy || !navigator.onLine;
  }
  addEventListener("online", updateOnline);
  addEventListener("offline", updateOnline);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    controller.send(input.value, "input");
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", () => {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, 120)}px`;
  });

  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      controller.close("escape");
    } else if (event.key === "Tab") {
      trapFocus(event);
    }
  });

  function trapFocus(event: KeyboardEvent) {
    const focusable = [...panel.querySelectorAll<HTMLElement>("button,a[href],textarea,input,[tabindex]")].filter(
      (el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && el.getClientRects().length > 0,
    );
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = root.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  const controller: ChatController = {
    isOpen: () => state.open,
    open(source: ToggleSource) {
      const wasOpen = state.open && !panel.hidden;
      panel.hidden = false;
      container.classList.add("open");
      host.setLauncherOpen(true);
      state.open = true;
      persist();
      scrollDown();
      if (wasOpen) return;
      if (source !== "restore") {
        track("widget_toggle", { open: true, source, buttonId: source === "launcher" ? "launcher" : undefined });
        input.focus();
      }
      if (state.messages.some((m) => m.role === "assistant" && !m.status)) void maybeShowSurvey();
    },
    close(source: ToggleSource) {
      if (panel.hidden) return;
      const hadFocus = panel.contains(root.activeElement);
      panel.hidden = true;
      container.classList.remove("open");
      host.setLauncherOpen(false);
      state.open = false;
      persist();
      track("widget_toggle", { open: false, source, buttonId: source === "close_button" ? "close" : source === "launcher" ? "launcher" : undefined });
      if (hadFocus || source !== "api") launcher.focus();
    },
    send(raw: string, source = "api") {
      const text = raw.trim().slice(0, MAX_MESSAGE_LENGTH);
      if (!text || busy) return;
      if (!state.open) controller.open("api");
      if (!navigator.onLine) {
        updateOnline();
        return;
      }
      log.querySelector(".prompts")?.remove();
      input.value = "";
      input.style.height = "";
      const user: ChatMessage = { id: uuidV4(), role: "user", text };
      const bot: ChatMessage = { id: uuidV4(), role: "assistant", text: "", status: "pending" };
      state.messages.push(user, bot);
      persist();
      const survey = log.querySelector(".survey");
      for (const m of [user, bot]) {
        const el = renderMessage(m, t, config.lang, actions);
        // Keep an unanswered survey card at the bottom, under the newest exchange.
        if (survey) survey.before(el);
        else log.append(el);
      }
      scrollDown();
      track("message_sent", { length: text.length, source });
      void answer(bot, text);
    },
  };

  renderAll();
  updateOnline();
  if (restoreOpen) controller.open("restore");
  return controller;
}

(window as unknown as Record<string, unknown>)[CHAT_MOUNT_GLOBAL] = mountChat;

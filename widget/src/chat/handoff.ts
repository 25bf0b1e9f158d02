import { h } from "./dom";
import { fill, type Strings } from "./strings";

export interface HandoffFields {
  name?: string;
  email?: string;
  phone?: string;
  message?: string;
}

export interface HandoffHandlers {
  submit(fields: HandoffFields): Promise<void>;
  dismiss(): void;
}

/** "Leave your contacts for a person": a small form in the conversation (reuses the survey card's look). */
export function renderHandoffForm(t: Strings, handlers: HandoffHandlers): HTMLFormElement {
  const error = h("p", { class: "err", role: "alert" });
  const submit = h("button", { type: "submit", class: "btn" }, t.handoffSend);
  const field = (name: keyof HandoffFields, label: string, type: string, autocomplete: string) =>
    h("label", { class: "field" }, h("span", {}, label), type === "textarea" ? h("textarea", { name, rows: 2, maxlength: 2000 }) : h("input", { name, type, autocomplete, maxlength: 200 }));
  const form = h(
    "form",
    { class: "survey handoff", "aria-label": t.handoffTitle, novalidate: true },
    h("p", { class: "survey-title" }, t.handoffTitle),
    field("name", t.handoffName, "text", "name"),
    field("email", t.handoffEmail, "email", "email"),
    field("phone", t.handoffPhone, "tel", "tel"),
    field("message", t.handoffMessage, "textarea", "off"),
    error,
    h("div", { class: "row" }, submit, h("button", { type: "button", class: "btn ghost", onclick: () => handlers.dismiss() }, t.surveyDismiss)),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? "").trim() || undefined;
    const fields: HandoffFields = { name: value("name"), email: value("email"), phone: value("phone"), message: value("message") };
    if (!fields.email && !fields.phone) {
      error.textContent = t.handoffNeedContact;
      return;
    }
    error.textContent = "";
    submit.disabled = true;
    handlers.submit(fields).catch((e: Error) => {
      error.textContent = fill(t.surveyFailed, e.message);
      submit.disabled = false;
    });
  });
  return form;
}

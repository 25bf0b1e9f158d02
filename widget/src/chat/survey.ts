import type { Survey, SurveyQuestion } from "./api";
import { h } from "./dom";
import { fill, type Strings } from "./strings";

export interface SurveyHandlers {
  submit(answers: Record<string, unknown>): Promise<void>;
  dismiss(): void;
}

/** The survey as a form inside the conversation; native inputs keep it keyboard and screen-reader friendly. */
export function renderSurvey(survey: Survey, t: Strings, handlers: SurveyHandlers): HTMLElement {
  const error = h("p", { class: "err", role: "alert" });
  const submit = h("button", { type: "submit", class: "btn" }, t.surveySubmit);
  const form = h(
    "form",
    { class: "survey", "aria-label": survey.title, novalidate: true },
    h("p", { class: "survey-title" }, survey.title),
    ...survey.questions.map((q) => renderQuestion(q)),
    error,
    h("div", { class: "row" }, submit, h("button", { type: "button", class: "btn ghost", onclick: () => handlers.dismiss() }, t.surveyDismiss)),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    handlers.submit(collectAnswers(form, survey.questions)).catch((e: Error) => {
      error.textContent = fill(t.surveyFailed, e.message);
      submit.disabled = false;
    });
  });
  return form;
}

const nameOf = (q: SurveyQuestion) => `pw-q-${q.id}`;

function renderQuestion(q: SurveyQuestion): HTMLElement {
  const legend = h("legend", {}, q.text, q.required ? h("span", { "aria-hidden": "true" }, " *") : null);
  const choice = (type: "radio" | "checkbox", value: string, label: string, extra = "") =>
    h("label", { class: `choice ${extra}` }, h("input", { type, name: nameOf(q), value, required: q.required && type === "radio" }), h("span", {}, label));
  let body: HTMLElement[];
  if (q.type === "rating" || q.type === "nps") {
    const { min, max } = q.scale ?? (q.type === "nps" ? { min: 0, max: 10 } : { min: 1, max: 5 });
    body = [h("div", { class: "scale" }, ...Array.from({ length: max - min + 1 }, (_, i) => choice("radio", String(min + i), String(min + i), "pill")))];
  } else if (q.type === "text") {
    body = [h("textarea", { name: nameOf(q), rows: 2, maxlength: 1000, "aria-label": q.text, required: q.required })];
  } else {
    body = (q.options ?? []).map((o) => choice(q.type === "multiple" ? "checkbox" : "radio", o.value, o.label));
  }
  return h("fieldset", {}, legend, ...body);
}

function collectAnswers(form: HTMLFormElement, questions: SurveyQuestion[]): Record<string, unknown> {
  const data = new FormData(form);
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const values = data.getAll(nameOf(q)).map(String).filter((v) => v.trim() !== "");
    if (!values.length) continue;
    answers[q.id] = q.type === "multiple" ? values : q.type === "rating" || q.type === "nps" ? Number(values[0]) : values[0].trim();
  }
  return answers;
}

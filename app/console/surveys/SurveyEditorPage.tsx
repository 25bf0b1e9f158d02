import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineGrid, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { isChoice, pickText, QUESTION_TYPES, type LocalizedText, type QuestionType, type StoredQuestion } from "~/surveys/questions";
import type { SurveyDetail } from "~/surveys/surveys.server";
import { STATUS_BADGE } from "./SurveyListPage";
import type { SurveyEditorData, SurveyIntent } from "./surveys.server";

/**
 * Creates or edits a survey: a title and question texts per language (a language left empty falls
 * back to English in the widget), the question types, options, and where it is shown. Saving sends
 * `{intent: "save", survey: <JSON in the API's shape>}`; the status buttons send their intent. The
 * route wires `onSubmit` to its form submission (with its CSRF token).
 */
export interface SurveyEditorProps extends SurveyEditorData {
  basePath: string;
  onSubmit: (fields: { intent: SurveyIntent; survey?: string }) => void;
  /** The refusal of the last submission, shown next to the field it names. */
  error?: { message: string; field?: string } | null;
  busy?: boolean;
}

const TYPE_LABELS: Record<QuestionType, string> = {
  single: "One choice",
  multiple: "Several choices",
  rating: "Rating 1–5",
  nps: "Recommend 0–10 (NPS)",
  text: "Free text",
};

const LANGUAGE_NAMES: Record<string, string> = { en: "English", ru: "Russian" };

interface DraftOption {
  key: number;
  /** Kept for existing options: answers already given store it. */
  value?: string;
  label: LocalizedText;
}

interface DraftQuestion {
  key: number;
  id?: string;
  type: QuestionType;
  required: boolean;
  text: LocalizedText;
  options: DraftOption[];
}

let nextKey = 1;
const newKey = () => nextKey++;

function draftOf(question: StoredQuestion): DraftQuestion {
  return {
    key: newKey(),
    id: question.id,
    type: question.type,
    required: question.required,
    text: { ...question.text },
    options: (question.options ?? []).map((o) => ({ key: newKey(), value: o.value, label: { ...o.label } })),
  };
}

function blankQuestion(): DraftQuestion {
  return { key: newKey(), type: "single", required: false, text: {}, options: [{ key: newKey(), label: {} }, { key: newKey(), label: {} }] };
}

/** Drops empty languages so a blank Russian field means "use English", not an empty text. */
function filled(text: LocalizedText): LocalizedText {
  return Object.fromEntries(Object.entries(text).filter(([, value]) => value.trim() !== ""));
}

/** The editor's state in the API's survey shape. */
export function surveyJson(title: LocalizedText, urlPattern: string, questions: DraftQuestion[]): string {
  return JSON.stringify({
    title: filled(title),
    urlPattern: urlPattern.trim() === "" ? null : urlPattern.trim(),
    questions: questions.map((q) => ({
      ...(q.id ? { id: q.id } : {}),
      type: q.type,
      required: q.required,
      text: filled(q.text),
      ...(isChoice(q.type) ? { options: q.options.map((o) => ({ ...(o.value ? { value: o.value } : {}), label: filled(o.label) })) } : {}),
    })),
  });
}

export function SurveyEditorPage(props: SurveyEditorProps) {
  const { survey, languages } = props;
  const [title, setTitle] = useState<LocalizedText>(survey ? { ...survey.title } : {});
  const [urlPattern, setUrlPattern] = useState(survey?.urlPattern ?? "");
  const [questions, setQuestions] = useState<DraftQuestion[]>(() => (survey ? survey.questions.map(draftOf) : [blankQuestion()]));

  const errorFor = (path: string, parent?: string) =>
    props.error?.field && (props.error.field === path || props.error.field === parent) ? props.error.message : undefined;
  const update = (key: number, change: (q: DraftQuestion) => DraftQuestion) => setQuestions((list) => list.map((q) => (q.key === key ? change(q) : q)));
  const move = (index: number, by: number) =>
    setQuestions((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item);
      return next;
    });
  const save = () => props.onSubmit({ intent: "save", survey: surveyJson(title, urlPattern, questions) });

  return (
    <Page
      title={survey ? pickText(survey.title) || "Survey" : "New survey"}
      titleMetadata={survey ? <Badge tone={STATUS_BADGE[survey.status].tone}>{STATUS_BADGE[survey.status].label}</Badge> : undefined}
      backAction={{ content: "Surveys", url: props.basePath }}
      primaryAction={{ content: "Save", onAction: save, loading: props.busy }}
      secondaryActions={survey ? statusActions(survey, props) : []}
    >
      <BlockStack gap="400">
        {props.error ? (
          <Banner tone="critical" title="The survey was not saved">
            <p>{props.error.message}</p>
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Survey
            </Text>
            <InlineGrid columns={{ xs: 1, md: languages.length }} gap="300">
              {languages.map((lang, i) => (
                <TextField
                  key={lang}
                  label={`Title (${LANGUAGE_NAMES[lang] ?? lang})`}
                  value={title[lang] ?? ""}
                  onChange={(value) => setTitle((t) => ({ ...t, [lang]: value }))}
                  error={errorFor(`title.${lang}`, i === 0 ? "title" : undefined)}
                  autoComplete="off"
                />
              ))}
            </InlineGrid>
            <TextField
              label="Show on pages"
              value={urlPattern}
              onChange={setUrlPattern}
              placeholder="/products/*"
              helpText="A page path; * matches anything. Leave empty to show the survey on every page."
              error={errorFor("urlPattern")}
              autoComplete="off"
            />
          </BlockStack>
        </Card>
        {questions.map((q, index) => (
          <QuestionCard
            key={q.key}
            question={q}
            index={index}
            count={questions.length}
            languages={languages}
            errorFor={errorFor}
            onChange={(change) => update(q.key, change)}
            onMove={(by) => move(index, by)}
            onRemove={() => setQuestions((list) => list.filter((item) => item.key !== q.key))}
          />
        ))}
        {errorFor("questions") ? <Banner tone="critical">{errorFor("questions")}</Banner> : null}
        <InlineStack>
          <Button onClick={() => setQuestions((list) => [...list, blankQuestion()])}>Add question</Button>
        </InlineStack>
      </BlockStack>
    </Page>
  );
}

function statusActions(survey: SurveyDetail, props: SurveyEditorProps) {
  const send = (intent: SurveyIntent) => () => props.onSubmit({ intent });
  const actions = [];
  if (survey.status !== "active") {
    const other = props.activeOther;
    // Only one survey is live at a time: say which one stops before it does.
    const activate = other
      ? () => {
          if (window.confirm(`“${pickText(other.title)}” is the active survey. Activating this one turns it back into a draft. Activate this survey?`)) send("activate")();
        }
      : send("activate");
    actions.push({
      content: "Activate",
      onAction: activate,
      helpText: other ? `Shows it to shoppers; “${pickText(other.title)}” goes back to draft.` : "Shows it to shoppers.",
    });
  }
  if (survey.status === "active") actions.push({ content: "Deactivate", onAction: send("deactivate") });
  if (survey.status !== "archived") actions.push({ content: "Archive", onAction: send("archive") });
  actions.push({ content: "Results", url: `${props.basePath}/${survey.id}/results` });
  actions.push({
    content: "Delete",
    destructive: true,
    onAction: () => {
      if (window.confirm("Delete this survey and all its answers?")) send("delete")();
    },
  });
  return actions;
}

function QuestionCard(props: {
  question: DraftQuestion;
  index: number;
  count: number;
  languages: readonly string[];
  errorFor: (path: string, parent?: string) => string | undefined;
  onChange: (change: (q: DraftQuestion) => DraftQuestion) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const { question: q, index, languages, errorFor, onChange } = props;
  const path = `questions[${index}]`;
  const setOption = (key: number, lang: string, value: string) =>
    onChange((current) => ({ ...current, options: current.options.map((o) => (o.key === key ? { ...o, label: { ...o.label, [lang]: value } } : o)) }));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" wrap>
          <Text as="h2" variant="headingMd">
            Question {index + 1}
          </Text>
          <InlineStack gap="200">
            <Button onClick={() => props.onMove(-1)} disabled={index === 0} accessibilityLabel={`Move question ${index + 1} up`}>
              ↑
            </Button>
            <Button onClick={() => props.onMove(1)} disabled={index === props.count - 1} accessibilityLabel={`Move question ${index + 1} down`}>
              ↓
            </Button>
            <Button tone="critical" variant="plain" onClick={props.onRemove} disabled={props.count === 1}>
              Remove
            </Button>
          </InlineStack>
        </InlineStack>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <Select
            label="Type"
            options={QUESTION_TYPES.map((type) => ({ label: TYPE_LABELS[type], value: type }))}
            value={q.type}
            onChange={(type) =>
              onChange((current) => ({
                ...current,
                type: type as QuestionType,
                options: isChoice(type as QuestionType) && current.options.length === 0 ? [{ key: newKey(), label: {} }, { key: newKey(), label: {} }] : current.options,
              }))
            }
            error={errorFor(`${path}.type`)}
          />
          <Checkbox label="Answer required" checked={q.required} onChange={(required) => onChange((current) => ({ ...current, required }))} />
        </InlineGrid>
        <InlineGrid columns={{ xs: 1, md: languages.length }} gap="300">
          {languages.map((lang, i) => (
            <TextField
              key={lang}
              label={`Question (${LANGUAGE_NAMES[lang] ?? lang})`}
              value={q.text[lang] ?? ""}
              onChange={(value) => onChange((current) => ({ ...current, text: { ...current.text, [lang]: value } }))}
              error={errorFor(`${path}.text.${lang}`, i === 0 ? `${path}.text` : undefined)}
              autoComplete="off"
            />
          ))}
        </InlineGrid>
        {isChoice(q.type) ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Options
            </Text>
            {q.options.map((option, o) => (
              <InlineGrid key={option.key} columns={{ xs: 1, md: languages.length + 1 }} gap="200" alignItems="end">
                {languages.map((lang, i) => (
                  <TextField
                    key={lang}
                    label={`Option ${o + 1} (${LANGUAGE_NAMES[lang] ?? lang})`}
                    value={option.label[lang] ?? ""}
                    onChange={(value) => setOption(option.key, lang, value)}
                    error={errorFor(`${path}.options[${o}].label.${lang}`, i === 0 ? `${path}.options[${o}].value` : undefined)}
                    autoComplete="off"
                  />
                ))}
                <Button
                  variant="plain"
                  tone="critical"
                  onClick={() => onChange((current) => ({ ...current, options: current.options.filter((item) => item.key !== option.key) }))}
                  accessibilityLabel={`Remove option ${o + 1}`}
                >
                  Remove
                </Button>
              </InlineGrid>
            ))}
            {errorFor(`${path}.options`) ? <Banner tone="critical">{errorFor(`${path}.options`)}</Banner> : null}
            <InlineStack>
              <Button onClick={() => onChange((current) => ({ ...current, options: [...current.options, { key: newKey(), label: {} }] }))}>Add option</Button>
            </InlineStack>
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

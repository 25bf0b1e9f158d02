import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import type { FormFailure } from "../route.server";
import { SurveyEditorPage } from "./SurveyEditorPage";
import type { SurveyEditorData } from "./surveys.server";

/** The survey editor wired to its route's action: each submission carries the session's CSRF token. */
export function AdminSurveyEditor(props: SurveyEditorData & { csrfToken: string; basePath: string }) {
  const submit = useSubmit();
  const failure = useActionData<FormFailure>();
  const busy = useNavigation().state === "submitting";
  return (
    <SurveyEditorPage
      survey={props.survey}
      languages={props.languages}
      activeOther={props.activeOther}
      basePath={props.basePath}
      error={failure?.error ?? null}
      busy={busy}
      onSubmit={(fields) => submit({ ...fields, _csrf: props.csrfToken }, { method: "post" })}
    />
  );
}

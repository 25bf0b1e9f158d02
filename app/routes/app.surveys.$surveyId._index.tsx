import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminSurveyEditor } from "~/console/surveys/AdminSurveyEditor";
import { embeddedSurveyEditorAction, embeddedSurveyEditorLoader } from "~/console/surveys/editor-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request, params }: LoaderFunctionArgs) => embeddedSurveyEditorLoader(request, params.surveyId ?? "");
export const action = ({ request, params }: ActionFunctionArgs) => embeddedSurveyEditorAction(request, params.surveyId ?? "", "/app/surveys");

export default function EmbeddedSurvey() {
  const data = useLoaderData<typeof loader>();
  return <AdminSurveyEditor key={data.survey?.id} survey={data.survey} languages={data.languages} activeOther={data.activeOther} csrfToken={data.csrfToken} basePath="/app/surveys" />;
}

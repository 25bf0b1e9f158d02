import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminSurveyEditor } from "~/console/surveys/AdminSurveyEditor";
import { embeddedSurveyEditorAction, embeddedSurveyEditorLoader } from "~/console/surveys/editor-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedSurveyEditorLoader(request, null);
export const action = ({ request }: ActionFunctionArgs) => embeddedSurveyEditorAction(request, null, "/app/surveys");

export default function EmbeddedNewSurvey() {
  const data = useLoaderData<typeof loader>();
  return <AdminSurveyEditor survey={data.survey} languages={data.languages} activeOther={data.activeOther} csrfToken={data.csrfToken} basePath="/app/surveys" />;
}

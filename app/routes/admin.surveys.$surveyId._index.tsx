import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminSurveyEditor } from "~/console/surveys/AdminSurveyEditor";
import { adminSurveyEditorAction, adminSurveyEditorLoader } from "~/console/surveys/editor-route.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => adminSurveyEditorLoader(request, params.surveyId ?? "");
export const action = ({ request, params }: ActionFunctionArgs) => adminSurveyEditorAction(request, params.surveyId ?? "", "/admin/surveys");

export default function AdminSurvey() {
  const data = useLoaderData<typeof loader>();
  return <AdminSurveyEditor key={data.survey?.id} survey={data.survey} languages={data.languages} activeOther={data.activeOther} csrfToken={data.csrfToken} basePath="/admin/surveys" />;
}

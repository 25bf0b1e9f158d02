import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminSurveyEditor } from "~/console/surveys/AdminSurveyEditor";
import { adminSurveyEditorAction, adminSurveyEditorLoader } from "~/console/surveys/editor-route.server";

export const loader = ({ request }: LoaderFunctionArgs) => adminSurveyEditorLoader(request, null);
export const action = ({ request }: ActionFunctionArgs) => adminSurveyEditorAction(request, null, "/admin/surveys");

export default function AdminNewSurvey() {
  const data = useLoaderData<typeof loader>();
  return <AdminSurveyEditor survey={data.survey} languages={data.languages} activeOther={data.activeOther} csrfToken={data.csrfToken} basePath="/admin/surveys" />;
}

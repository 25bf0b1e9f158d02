import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { consoleLoader } from "~/console/route.server";
import { SurveyResultsPage } from "~/console/surveys/SurveyResultsPage";
import { loadSurveyResults } from "~/console/surveys/surveys.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => consoleLoader(request, ({ app, shop }) => loadSurveyResults(app, shop, request, params.surveyId ?? ""));

export default function AdminSurveyResults() {
  const data = useLoaderData<typeof loader>();
  const lang = data.results.language ? `?lang=${encodeURIComponent(data.results.language)}` : "";
  return <SurveyResultsPage survey={data.survey} results={data.results} basePath="/admin/surveys" csvUrl={`/admin/surveys/${data.survey.id}/results.csv${lang}`} />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { embeddedLoader } from "~/console/shopify/embedded-route.server";
import { SurveyResultsPage } from "~/console/surveys/SurveyResultsPage";
import { loadSurveyResults } from "~/console/surveys/surveys.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request, params }: LoaderFunctionArgs) => embeddedLoader(request, ({ app, shop }) => loadSurveyResults(app, shop, request, params.surveyId ?? ""));

export default function EmbeddedSurveyResults() {
  const data = useLoaderData<typeof loader>();
  const lang = data.results.language ? `?lang=${encodeURIComponent(data.results.language)}` : "";
  return <SurveyResultsPage survey={data.survey} results={data.results} basePath="/app/surveys" csvUrl={`/app/surveys/${data.survey.id}/results.csv${lang}`} />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { embeddedLoader } from "~/console/shopify/embedded-route.server";
import { SurveyListPage } from "~/console/surveys/SurveyListPage";
import { loadSurveyList } from "~/console/surveys/surveys.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedLoader(request, ({ app, shop }) => loadSurveyList(app, shop, request));

export default function EmbeddedSurveys() {
  const data = useLoaderData<typeof loader>();
  return <SurveyListPage surveys={data.surveys} total={data.total} page={data.page} pageSize={data.pageSize} status={data.status} basePath="/app/surveys" />;
}

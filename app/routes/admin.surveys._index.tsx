import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { consoleLoader } from "~/console/route.server";
import { SurveyListPage } from "~/console/surveys/SurveyListPage";
import { loadSurveyList } from "~/console/surveys/surveys.server";

export const loader = ({ request }: LoaderFunctionArgs) => consoleLoader(request, ({ app, shop }) => loadSurveyList(app, shop, request));

export default function AdminSurveys() {
  const data = useLoaderData<typeof loader>();
  return <SurveyListPage surveys={data.surveys} total={data.total} page={data.page} pageSize={data.pageSize} status={data.status} basePath={SURVEYS_BASE_PATH} />;
}

const SURVEYS_BASE_PATH = "/admin/surveys";

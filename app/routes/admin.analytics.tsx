import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AnalyticsPage } from "~/console/analytics/AnalyticsPage";
import { loadAnalytics } from "~/console/analytics/analytics.server";
import { consoleLoader } from "~/console/route.server";

export const loader = ({ request }: LoaderFunctionArgs) => consoleLoader(request, ({ app, shop }) => loadAnalytics(app, shop, request));

export default function AdminAnalytics() {
  const data = useLoaderData<typeof loader>();
  return <AnalyticsPage summary={data.summary} query={data.query} error={data.error} />;
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AnalyticsPage } from "~/console/analytics/AnalyticsPage";
import { loadAnalytics } from "~/console/analytics/analytics.server";
import { embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedLoader(request, ({ app, shop }) => loadAnalytics(app, shop, request));

export default function EmbeddedAnalytics() {
  const data = useLoaderData<typeof loader>();
  return <AnalyticsPage summary={data.summary} query={data.query} error={data.error} />;
}

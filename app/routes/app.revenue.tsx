import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RevenuePage } from "~/console/revenue/RevenuePage";
import { loadRevenue, saveMeasurement } from "~/console/revenue/revenue.server";
import { embeddedAction, embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedLoader(request, async ({ app, shop }) => ({ revenue: await loadRevenue(app, shop, request) }));
export const action = ({ request }: ActionFunctionArgs) => embeddedAction(request, ({ app, shop, form }) => saveMeasurement(app, shop, form));

export default function EmbeddedRevenue() {
  const data = useLoaderData<typeof loader>();
  return <RevenuePage data={data.revenue} csrfToken={data.csrfToken} />;
}

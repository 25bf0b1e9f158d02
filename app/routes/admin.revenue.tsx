import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { consoleAction, consoleLoader } from "~/console/route.server";
import { RevenuePage } from "~/console/revenue/RevenuePage";
import { loadRevenue, saveMeasurement } from "~/console/revenue/revenue.server";

export const loader = ({ request }: LoaderFunctionArgs) => consoleLoader(request, async ({ app, shop }) => ({ revenue: await loadRevenue(app, shop, request) }));
export const action = ({ request }: ActionFunctionArgs) => consoleAction(request, ({ app, shop, form }) => saveMeasurement(app, shop, form));

export default function AdminRevenue() {
  const data = useLoaderData<typeof loader>();
  return <RevenuePage data={data.revenue} csrfToken={data.csrfToken} />;
}

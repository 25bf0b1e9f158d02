import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { OverviewPage } from "~/console/overview/OverviewPage";
import { loadOverview } from "~/console/overview/overview.server";
import { consoleLoader } from "~/console/route.server";

export const loader = ({ request }: LoaderFunctionArgs) => consoleLoader(request, async ({ app, shop }) => ({ overview: await loadOverview(app, shop, request) }));

export default function AdminOverview() {
  const data = useLoaderData<typeof loader>();
  return <OverviewPage data={data.overview} shopName={data.shop.name} />;
}

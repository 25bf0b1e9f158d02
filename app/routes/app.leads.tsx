import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LeadsPage } from "~/console/leads/LeadsPage";
import { changeLeadStatus, loadLeadList } from "~/console/leads/leads.server";
import { embeddedAction, embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedLoader(request, async ({ app, shop }) => ({ list: await loadLeadList(app, shop, request) }));
export const action = ({ request }: ActionFunctionArgs) => embeddedAction(request, ({ app, shop, form }) => changeLeadStatus(app, shop, form));

export default function EmbeddedLeads() {
  const data = useLoaderData<typeof loader>();
  return <LeadsPage data={data.list} csrfToken={data.csrfToken} />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LeadsPage } from "~/console/leads/LeadsPage";
import { changeLeadStatus, loadLeadList } from "~/console/leads/leads.server";
import { consoleAction, consoleLoader } from "~/console/route.server";

export const loader = ({ request }: LoaderFunctionArgs) => consoleLoader(request, async ({ app, shop }) => ({ list: await loadLeadList(app, shop, request) }));
export const action = ({ request }: ActionFunctionArgs) => consoleAction(request, ({ app, shop, form }) => changeLeadStatus(app, shop, form));

export default function AdminLeads() {
  const data = useLoaderData<typeof loader>();
  return <LeadsPage data={data.list} csrfToken={data.csrfToken} />;
}

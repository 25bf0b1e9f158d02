import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { consoleAction, consoleLoader } from "~/console/route.server";
import { SettingsPage } from "~/console/settings/SettingsPage";
import { loadSettingsForm, saveSettingsForm } from "~/console/settings/settings.server";

export const loader = ({ request }: LoaderFunctionArgs) => consoleLoader(request, ({ app, shop }) => loadSettingsForm(app, shop, request));
export const action = ({ request }: ActionFunctionArgs) => consoleAction(request, ({ app, shop, form }) => saveSettingsForm(app, shop, form));

export default function AdminSettings() {
  const data = useLoaderData<typeof loader>();
  return <SettingsPage values={data.values} csrfToken={data.csrfToken} webhookSecret={data.webhookSecret} handoffEmail={data.handoffEmail} />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SettingsPage } from "~/console/settings/SettingsPage";
import { loadSettingsForm, saveSettingsForm } from "~/console/settings/settings.server";
import { embeddedAction, embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedLoader(request, ({ app, shop }) => loadSettingsForm(app, shop, request));
export const action = ({ request }: ActionFunctionArgs) => embeddedAction(request, ({ app, shop, form }) => saveSettingsForm(app, shop, form));

export default function EmbeddedSettings() {
  const data = useLoaderData<typeof loader>();
  return <SettingsPage values={data.values} csrfToken={data.csrfToken} webhookSecret={data.webhookSecret} handoffEmail={data.handoffEmail} saveBar />;
}

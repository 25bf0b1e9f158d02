import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { InstallPage } from "~/console/install/InstallPage";
import { loadInstall, rotateKeyFromConsole } from "~/console/install/install.server";
import { embeddedAction, embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedLoader(request, async ({ app, shop }) => ({ install: await loadInstall(app, shop, request) }));
export const action = ({ request }: ActionFunctionArgs) => embeddedAction(request, ({ app, shop }) => rotateKeyFromConsole(app, shop));

export default function EmbeddedInstall() {
  const data = useLoaderData<typeof loader>();
  return <InstallPage data={data.install} csrfToken={data.csrfToken} />;
}

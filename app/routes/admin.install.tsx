import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { InstallPage } from "~/console/install/InstallPage";
import { loadInstall, rotateKeyFromConsole } from "~/console/install/install.server";
import { consoleAction, consoleLoader } from "~/console/route.server";

export const loader = ({ request }: LoaderFunctionArgs) => consoleLoader(request, async ({ app, shop }) => ({ install: await loadInstall(app, shop, request) }));
export const action = ({ request }: ActionFunctionArgs) => consoleAction(request, ({ app, shop, login }) => rotateKeyFromConsole(app, shop, login.id));

export default function AdminInstall() {
  const data = useLoaderData<typeof loader>();
  return <InstallPage data={data.install} csrfToken={data.csrfToken} />;
}

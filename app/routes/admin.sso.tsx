import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { SsoPage } from "~/console/session/SsoPage";
import { ssoAction, ssoLoader } from "~/console/session/login.server";
import type { loader as layoutLoader } from "./admin";

export const loader = ({ request }: LoaderFunctionArgs) => ssoLoader(request);
export const action = ({ request }: ActionFunctionArgs) => ssoAction(request);

export default function AdminSso() {
  const data = useLoaderData<typeof loader>();
  const layout = useRouteLoaderData<typeof layoutLoader>("routes/admin");
  return <SsoPage {...data} csrfToken={layout?.csrfToken ?? ""} />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { LoginPage } from "~/console/session/LoginPage";
import { loginAction, loginLoader } from "~/console/session/login.server";
import type { loader as layoutLoader } from "./admin";

export const loader = ({ request }: LoaderFunctionArgs) => loginLoader(request);
export const action = ({ request, context }: ActionFunctionArgs) => loginAction(request, context);

export default function AdminLogin() {
  const data = useLoaderData<typeof loader>();
  const layout = useRouteLoaderData<typeof layoutLoader>("routes/admin");
  return <LoginPage {...data} csrfToken={layout?.csrfToken ?? ""} />;
}

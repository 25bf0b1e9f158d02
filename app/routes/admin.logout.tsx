import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logoutAction } from "~/console/session/login.server";

export const action = ({ request }: ActionFunctionArgs) => logoutAction(request);
export const loader = () => redirect("/admin");

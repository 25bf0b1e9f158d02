import type { LoaderFunctionArgs } from "@remix-run/node";
import { leadsCsvResponse } from "~/console/leads/leads.server";
import { consoleResource } from "~/console/route.server";

export const loader = ({ request }: LoaderFunctionArgs) => consoleResource(request, ({ app, shop }) => leadsCsvResponse(app, shop, request));

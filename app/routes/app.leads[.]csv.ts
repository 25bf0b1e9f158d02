import type { LoaderFunctionArgs } from "@remix-run/node";
import { leadsCsvResponse } from "~/console/leads/leads.server";
import { embeddedResource } from "~/console/shopify/embedded-route.server";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedResource(request, ({ app, shop }) => leadsCsvResponse(app, shop, request));

import type { LoaderFunctionArgs } from "@remix-run/node";
import { embeddedResource } from "~/console/shopify/embedded-route.server";
import { customerDataReportResponse } from "~/shopify/customer-privacy.server";

/** A customers/data_request report, downloaded from the embedded Home (this store's requests only). */
export const loader = ({ request, params }: LoaderFunctionArgs) => embeddedResource(request, ({ app, shop }) => customerDataReportResponse(app, shop.id, params.requestId));

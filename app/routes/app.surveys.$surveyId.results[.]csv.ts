import type { LoaderFunctionArgs } from "@remix-run/node";
import { embeddedResource } from "~/console/shopify/embedded-route.server";
import { surveyResultsCsv } from "~/console/surveys/surveys.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  embeddedResource(request, async ({ app, shop }) => {
    const download = await surveyResultsCsv(app, shop, request, params.surveyId ?? "");
    return new Response(download.body, { headers: download.headers });
  });

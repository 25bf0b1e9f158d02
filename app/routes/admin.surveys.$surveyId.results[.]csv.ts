import type { LoaderFunctionArgs } from "@remix-run/node";
import { consoleResource } from "~/console/route.server";
import { surveyResultsCsv } from "~/console/surveys/surveys.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  consoleResource(request, async ({ app, shop }) => {
    const download = await surveyResultsCsv(app, shop, request, params.surveyId ?? "");
    return new Response(download.body, { headers: download.headers });
  });

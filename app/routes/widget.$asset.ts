import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveWidgetFile } from "~/widget/serve.server";

/** /widget/widget-chat.<hash>.js: the lazily loaded chat panel; its name changes with its content. */
const HASHED_CHUNK = /^widget-chat\.[0-9a-f]{12}\.js$/;

export function loader({ request, params }: LoaderFunctionArgs) {
  const asset = params.asset ?? "";
  if (!HASHED_CHUNK.test(asset)) {
    return new Response("Not found", { status: 404, headers: { "content-type": "text/plain", "access-control-allow-origin": "*" } });
  }
  return serveWidgetFile(request, asset, "public, max-age=31536000, immutable");
}

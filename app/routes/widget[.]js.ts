import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveWidgetFile } from "~/widget/serve.server";

/**
 * /widget.js, the URL every storefront embeds. It cannot be versioned, so it is cached briefly and
 * revalidated by ETag; the chat chunk it references is content-hashed and cached for a year.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return serveWidgetFile(request, "widget.js", "public, max-age=300, stale-while-revalidate=86400");
}

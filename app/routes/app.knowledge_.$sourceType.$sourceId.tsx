import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { KnowledgeItemPage } from "~/console/knowledge/KnowledgeItemPage";
import { loadKnowledgeItem } from "~/console/knowledge/knowledge.server";
import { embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request, params }: LoaderFunctionArgs) => embeddedLoader(request, async ({ app, shop }) => ({ item: await loadKnowledgeItem(app, shop, params) }));

export default function EmbeddedKnowledgeItem() {
  return <KnowledgeItemPage item={useLoaderData<typeof loader>().item} />;
}

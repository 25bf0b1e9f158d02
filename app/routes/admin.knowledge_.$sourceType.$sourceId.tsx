import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { KnowledgeItemPage } from "~/console/knowledge/KnowledgeItemPage";
import { loadKnowledgeItem } from "~/console/knowledge/knowledge.server";
import { consoleLoader } from "~/console/route.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => consoleLoader(request, async ({ app, shop }) => ({ item: await loadKnowledgeItem(app, shop, params) }));

export default function AdminKnowledgeItem() {
  return <KnowledgeItemPage item={useLoaderData<typeof loader>().item} />;
}

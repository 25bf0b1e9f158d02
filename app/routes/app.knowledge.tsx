import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { KnowledgePage } from "~/console/knowledge/KnowledgePage";
import { knowledgeAction, KNOWLEDGE_UPLOAD_MAX_BYTES, loadKnowledgePage } from "~/console/knowledge/knowledge.server";
import { embeddedAction, embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) => embeddedLoader(request, async ({ app, shop }) => ({ knowledge: await loadKnowledgePage(app, shop, request) }));
export const action = ({ request }: ActionFunctionArgs) => embeddedAction(request, ({ app, shop, form }) => knowledgeAction(app, shop, form), KNOWLEDGE_UPLOAD_MAX_BYTES);

export default function EmbeddedKnowledge() {
  const data = useLoaderData<typeof loader>();
  return <KnowledgePage data={data.knowledge} csrfToken={data.csrfToken} />;
}

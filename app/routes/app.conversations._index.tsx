import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ConversationsPage } from "~/console/conversations/ConversationsPage";
import { loadConversationList } from "~/console/conversations/conversations.server";
import { embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request }: LoaderFunctionArgs) =>
  embeddedLoader(request, async ({ app, shop }) => ({ list: await loadConversationList(app, shop, request) }));

export default function EmbeddedConversations() {
  return <ConversationsPage data={useLoaderData<typeof loader>().list} />;
}

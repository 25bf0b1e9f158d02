import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TranscriptPage } from "~/console/conversations/TranscriptPage";
import { loadConversationTranscript } from "~/console/conversations/conversations.server";
import { embeddedLoader } from "~/console/shopify/embedded-route.server";

export { EmbeddedErrorBoundary as ErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  embeddedLoader(request, async ({ app, shop }) => ({ conversation: await loadConversationTranscript(app, shop, params.conversationId ?? "") }));

export default function EmbeddedConversation() {
  return <TranscriptPage conversation={useLoaderData<typeof loader>().conversation} />;
}

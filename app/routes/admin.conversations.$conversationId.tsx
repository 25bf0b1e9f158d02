import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TranscriptPage } from "~/console/conversations/TranscriptPage";
import { loadConversationTranscript } from "~/console/conversations/conversations.server";
import { consoleLoader } from "~/console/route.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  consoleLoader(request, async ({ app, shop }) => ({ conversation: await loadConversationTranscript(app, shop, params.conversationId ?? "") }));

export default function AdminConversation() {
  return <TranscriptPage conversation={useLoaderData<typeof loader>().conversation} />;
}

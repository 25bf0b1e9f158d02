import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ConversationsPage } from "~/console/conversations/ConversationsPage";
import { loadConversationList } from "~/console/conversations/conversations.server";
import { consoleLoader } from "~/console/route.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  consoleLoader(request, async ({ app, shop }) => ({ list: await loadConversationList(app, shop, request) }));

export default function AdminConversations() {
  return <ConversationsPage data={useLoaderData<typeof loader>().list} />;
}

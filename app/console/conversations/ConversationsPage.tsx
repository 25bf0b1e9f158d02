import { Badge, BlockStack, Card, DataTable, Link, Page, Text } from "@shopify/polaris";
import { useConsolePath } from "../console-paths";
import { ListFilters } from "../shell/ListFilters";
import { Pager } from "../shell/Pager";
import type { ConversationListData } from "./conversations.server";

const ANY = { label: "Any", value: "" };

/** Every conversation with its first question, language, turns, answered state, votes and lead. */
export function ConversationsPage({ data }: { data: ConversationListData }) {
  const path = useConsolePath();
  const rows = data.items.map((item) => [
    <Link key="q" url={path(`/conversations/${item.conversationId}`)}>
      {item.firstQuestion.length > 90 ? `${item.firstQuestion.slice(0, 90)}…` : item.firstQuestion}
    </Link>,
    item.language,
    item.turns,
    item.unansweredTurns > 0 ? <Badge tone="warning">{`${item.unansweredTurns} unanswered`}</Badge> : <Badge tone="success">Answered</Badge>,
    `${item.thumbsUp ? `👍 ${item.thumbsUp}` : ""}${item.thumbsDown ? ` 👎 ${item.thumbsDown}` : ""}`.trim() || "—",
    item.hasLead ? "Yes" : "—",
    new Date(item.startedAt).toLocaleString("en"),
  ]);
  return (
    <Page title="Conversations">
      <BlockStack gap="400">
        <Card>
          <ListFilters
            from={data.filters.from}
            to={data.filters.to}
            selects={[
              { name: "status", label: "Answered", value: data.filters.status, options: [ANY, { label: "Answered", value: "answered" }, { label: "Unanswered", value: "unanswered" }] },
              { name: "feedback", label: "Feedback", value: data.filters.feedback, options: [ANY, { label: "Thumbs up", value: "up" }, { label: "Thumbs down", value: "down" }, { label: "None", value: "none" }] },
              { name: "lead", label: "Lead", value: data.filters.lead, options: [ANY, { label: "With lead", value: "true" }, { label: "Without lead", value: "false" }] },
            ]}
          />
        </Card>
        <Card padding="0">
          {rows.length === 0 ? (
            <BlockStack gap="200" inlineAlign="center">
              <Text as="p">No conversations match.</Text>
            </BlockStack>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "numeric", "text", "text", "text", "text"]}
              headings={["First question", "Language", "Turns", "Answered", "Feedback", "Lead", "Started"]}
              rows={rows}
            />
          )}
        </Card>
        <Pager page={data.page} pageSize={data.pageSize} total={data.total} />
      </BlockStack>
    </Page>
  );
}

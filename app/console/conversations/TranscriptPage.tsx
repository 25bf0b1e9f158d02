import { Badge, BlockStack, Box, Card, InlineStack, Link, Page, Text } from "@shopify/polaris";
import type { ConversationTranscript } from "~/conversations/conversations.server";
import { useConsolePath } from "../console-paths";
import { AnswerText } from "./AnswerText";

interface SourceRef {
  type?: string;
  id?: string;
  title?: string;
  url?: string;
}
interface ContextRef {
  sourceType?: string;
  sourceId?: string;
  score?: number;
  similarity?: number | null;
}

/** One conversation turn by turn: the shopper's question, the answer, its sources with scores, and who answered. */
export function TranscriptPage({ conversation }: { conversation: ConversationTranscript }) {
  const path = useConsolePath();
  return (
    <Page title="Conversation" backAction={{ content: "Conversations", url: path("/conversations") }}>
      <BlockStack gap="400">
        {conversation.lead && (
          <Card>
            <Text as="h2" variant="headingSm">
              Lead
            </Text>
            <Text as="p">
              {[conversation.lead.name, conversation.lead.email, conversation.lead.phone].filter(Boolean).join(" · ")} <Badge>{conversation.lead.status}</Badge>
            </Text>
          </Card>
        )}
        {conversation.turns.map((turn) => {
          const sources = (Array.isArray(turn.sources) ? turn.sources : []) as SourceRef[];
          const context = (Array.isArray(turn.context) ? turn.context : []) as ContextRef[];
          const scoreOf = (source: SourceRef) => context.find((c) => c.sourceType === source.type && c.sourceId === source.id);
          return (
            <Card key={turn.messageId}>
              <BlockStack gap="200">
                <Text as="p" tone="subdued">
                  {new Date(turn.createdAt).toLocaleString("en")}
                </Text>
                <Text as="h2" variant="headingSm">
                  Shopper: {turn.message}
                </Text>
                <Box paddingInlineStart="400">
                  <AnswerText text={turn.answer} pageUrl={turn.pageUrl} />
                </Box>
                <InlineStack gap="200" wrap>
                  <Badge tone={turn.fallbackReason ? "attention" : "info"}>{`${turn.provider}${turn.model ? ` · ${turn.model}` : ""}`}</Badge>
                  {turn.fallbackReason && <Badge tone="attention">{`fallback: ${turn.fallbackReason}`}</Badge>}
                  {turn.unanswered && <Badge tone="warning">Unanswered</Badge>}
                  {turn.feedback && <Badge tone={turn.feedback.vote === "up" ? "success" : "critical"}>{turn.feedback.vote === "up" ? "Thumbs up" : "Thumbs down"}</Badge>}
                </InlineStack>
                {turn.feedback?.comment && <Text as="p">Comment: {turn.feedback.comment}</Text>}
                {sources.length > 0 && (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingXs">
                      Sources
                    </Text>
                    <BlockStack as="ul" gap="050">
                      {sources.map((source) => {
                        const score = scoreOf(source);
                        return (
                          <li key={`${source.type}:${source.id}`}>
                            {source.url ? <Link url={source.url} external>{source.title}</Link> : source.title} ({source.type}
                            {score?.score !== undefined ? `, score ${score.score.toFixed(3)}` : ""})
                          </li>
                        );
                      })}
                    </BlockStack>
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          );
        })}
      </BlockStack>
    </Page>
  );
}

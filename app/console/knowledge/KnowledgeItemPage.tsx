import { Badge, BlockStack, Box, Card, InlineStack, Link, Page, Text } from "@shopify/polaris";
import { useConsolePath } from "../console-paths";
import { consolePrice } from "../money";
import type { KnowledgeItemData } from "./knowledge.server";

const TYPE_LABELS: Record<string, string> = { product: "Product", faq: "FAQ", policy: "Policy", page: "Page" };

/**
 * One knowledge item as the assistant reads it: its stored text chunk by chunk (variant lines with
 * their own price, SKU and stock included), so a merchant can see why an answer said what it did.
 */
export function KnowledgeItemPage({ item }: { item: KnowledgeItemData }) {
  const path = useConsolePath();
  return (
    <Page
      title={item.title}
      titleMetadata={<Badge>{TYPE_LABELS[item.sourceType] ?? item.sourceType}</Badge>}
      backAction={{ content: "Knowledge", url: path("/knowledge") }}
    >
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="100">
            <InlineStack gap="400" wrap>
              <Text as="p">{`Id: ${item.sourceId}`}</Text>
              {item.price ? <Text as="p">{`Price: ${consolePrice(item.price, item.currency)}`}</Text> : null}
              {item.sku ? <Text as="p">{`SKU: ${item.sku}`}</Text> : null}
            </InlineStack>
            {item.url ? (
              <Text as="p">
                Link: {item.url.startsWith("http") ? <Link url={item.url} external>{item.url}</Link> : <code>{item.url}</code>}
              </Text>
            ) : null}
            <Text as="p" tone="subdued">{`Updated ${new Date(item.updatedAt).toLocaleString("en")} · ${item.chunks.length} ${item.chunks.length === 1 ? "chunk" : "chunks"}`}</Text>
          </BlockStack>
        </Card>
        {item.chunks.map((chunk) => (
          <Card key={chunk.index}>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">{`Stored text${item.chunks.length > 1 ? ` (part ${chunk.index + 1})` : ""}`}</Text>
              <Box>
                <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{chunk.text}</div>
              </Box>
            </BlockStack>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}

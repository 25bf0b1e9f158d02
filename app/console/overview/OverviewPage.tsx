import { BlockStack, Card, InlineGrid, Layout, Link, Page, Text } from "@shopify/polaris";
import { useConsolePath } from "../console-paths";
import type { OverviewData } from "./overview.server";

function Stat({ label, value, url }: { label: string; value: number; url?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm">
          {url ? <Link url={url}>{label}</Link> : label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value.toLocaleString("en")}
        </Text>
      </BlockStack>
    </Card>
  );
}

/** What a merchant checks first: is the assistant fed, is it used, what does it not know yet. */
export function OverviewPage({ data, shopName }: { data: OverviewData; shopName: string }) {
  const path = useConsolePath();
  const items = data.knowledge.product + data.knowledge.faq + data.knowledge.policy + data.knowledge.page;
  return (
    <Page title={shopName} subtitle="Overview of the last 30 days">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            <Stat label="Conversations" value={data.conversations30d} url={path("/conversations")} />
            <Stat label="Unanswered" value={data.unanswered30d} url={path("/conversations?status=unanswered")} />
            <Stat label="New leads" value={data.newLeads} url={path("/leads?status=new")} />
            <Stat label="Knowledge items" value={items} url={path("/knowledge")} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Recent questions without an answer
              </Text>
              {data.recentUnanswered.length === 0 ? (
                <Text as="p">None in the last 30 days.</Text>
              ) : (
                <BlockStack as="ul" gap="100">
                  {data.recentUnanswered.map((row) => (
                    <li key={row.conversationId}>
                      <Link url={path(`/conversations/${row.conversationId}`)}>{row.question}</Link>{" "}
                      <Text as="span" tone="subdued">
                        {new Date(row.at).toLocaleString("en")}
                      </Text>
                    </li>
                  ))}
                </BlockStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

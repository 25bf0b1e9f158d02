import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { getAppContext } from "~/context.server";
import { requireShopify } from "~/shopify.server";
import { ensurePlatformShop } from "~/shops/shops.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const shopify = await requireShopify();
  const { session } = await shopify.authenticate.admin(request);
  const { db } = await getAppContext();
  const prisma = db.prisma;
  const shop = await ensurePlatformShop(prisma, { platform: "shopify", domain: session.shop });
  const [chunks, conversations, leads, unanswered] = await Promise.all([
    prisma.knowledgeChunk.count({ where: { shopId: shop.id } }),
    prisma.chatLog.groupBy({ by: ["sessionId"], where: { shopId: shop.id } }).then((rows) => rows.length),
    prisma.lead.count({ where: { shopId: shop.id } }),
    prisma.chatLog.findMany({
      where: { shopId: shop.id, unanswered: true },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { message: true, createdAt: true },
    }),
  ]);
  return {
    publicKey: shop.publicKey,
    chunks,
    conversations,
    leads,
    unanswered: unanswered.map((row) => ({ message: row.message, createdAt: row.createdAt.toISOString() })),
  };
}

/** What a merchant checks first: is the assistant fed, is it used, what does it not know yet. */
export default function Overview() {
  const data = useLoaderData<typeof loader>();
  return (
    <Page title="Palompy">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={3} gap="400">
            <Stat label="Knowledge chunks" value={data.chunks} />
            <Stat label="Conversations" value={data.conversations} />
            <Stat label="Leads" value={data.leads} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Questions the assistant could not answer
              </Text>
              {data.unanswered.length === 0 ? (
                <Text as="p" tone="subdued">
                  None yet: every question found an answer in your store&apos;s knowledge.
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text"]}
                  headings={["Question", "Asked"]}
                  rows={data.unanswered.map((row) => [row.message, new Date(row.createdAt).toLocaleString()])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="p" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

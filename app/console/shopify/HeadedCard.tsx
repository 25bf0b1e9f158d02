import { BlockStack, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** One section of the embedded Home: a card with a heading and, beside it, a status badge. */
export function HeadedCard({ title, badge, children }: { title: string; badge?: ReactNode; children: ReactNode }) {
  return (
    <Layout.Section>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between">
            <Text as="h2" variant="headingMd">
              {title}
            </Text>
            {badge}
          </InlineStack>
          {children}
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}

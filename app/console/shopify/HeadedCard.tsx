import { BlockStack, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import { useId, type ReactNode } from "react";

/**
 * One section of the embedded Home: a card with a heading and, beside it, a status badge. Each is
 * a region named by its heading, so a screen reader can jump between the Home's cards.
 */
export function HeadedCard({ title, badge, children }: { title: string; badge?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <Layout.Section>
      <section aria-labelledby={headingId}>
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between">
              <Text as="h2" variant="headingMd" id={headingId}>
                {title}
              </Text>
              {badge}
            </InlineStack>
            {children}
          </BlockStack>
        </Card>
      </section>
    </Layout.Section>
  );
}

import { BlockStack, Card, Text } from "@shopify/polaris";

/** One headline number of a console page: its label, the value, an optional line of context. */
export function KpiCard(props: { label: string; value: string; help?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="bodySm" tone="subdued">
          {props.label}
        </Text>
        <Text as="p" variant="headingLg">
          {props.value}
        </Text>
        {props.help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {props.help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export function count(value: number): string {
  return value.toLocaleString("en-US");
}

export function percent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`;
}

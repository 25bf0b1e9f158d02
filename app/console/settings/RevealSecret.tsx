import { Button, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";

/**
 * A secret the merchant needs now and then (to configure a receiver) but that should not sit in
 * plain sight on a shared screen or in a screenshot: hidden until asked for, hidden again on request.
 */
export function RevealSecret({ label, secret }: { label: string; secret: string }) {
  const [shown, setShown] = useState(false);
  return (
    <InlineStack gap="200" blockAlign="center" wrap>
      <Text as="span" variant="bodySm">
        {`${label}: `}
        <code aria-live="polite">{shown ? secret : "•".repeat(12)}</code>
      </Text>
      <Button variant="plain" onClick={() => setShown((value) => !value)} accessibilityLabel={`${shown ? "Hide" : "Show"} ${label.toLowerCase()}`}>
        {shown ? "Hide" : "Show"}
      </Button>
    </InlineStack>
  );
}

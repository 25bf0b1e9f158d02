import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Button, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { ORDER_SCOPE } from "~/orders/shopify-scope";
import { HeadedCard } from "./HeadedCard";

type RequestState = "idle" | "requesting" | "declined" | "failed";

/**
 * Order status in the chat needs the optional read_orders scope. The grant is Shopify's own dialog
 * (App Bridge `shopify.scopes.request`); the page only shows what the server learned from Shopify,
 * so after a grant it asks the server again (`onGranted`) instead of trusting the dialog's answer.
 */
export function OrderStatusCard({ granted, onGranted }: { granted: boolean; onGranted: () => void }) {
  const shopify = useAppBridge();
  const [state, setState] = useState<RequestState>("idle");

  async function requestScope() {
    setState("requesting");
    try {
      const response = await shopify.scopes.request([ORDER_SCOPE]);
      if (response.result === "granted-all") {
        setState("idle");
        onGranted();
      } else setState("declined");
    } catch {
      setState("failed");
    }
  }

  return (
    <HeadedCard
      title="Order status in the chat"
      badge={<Badge tone={granted ? "success" : "attention"}>{granted ? "Order status on" : "Order status off"}</Badge>}
    >
      {granted ? (
        <>
          <Text as="p">Shoppers who ask where their order is get its status and tracking once they give the order number and the email it was placed with.</Text>
          <Text as="p" tone="subdued">
            Reading an order&apos;s email needs Shopify&apos;s approval of this app for protected customer data.
          </Text>
        </>
      ) : (
        <>
          <Text as="p">
            Let the assistant answer &ldquo;where is my order?&rdquo; with the status and tracking of the shopper&apos;s own order, found by its number and
            email. It needs read access to your orders.
          </Text>
          {state === "declined" && <Text as="p">Order access was not granted. You can ask again at any time.</Text>}
          {state === "failed" && <Text as="p">Shopify&apos;s permission dialog did not open. Reload the page and try again.</Text>}
          <InlineStack>
            <Button variant="primary" onClick={requestScope} loading={state === "requesting"}>
              Allow order access
            </Button>
          </InlineStack>
        </>
      )}
    </HeadedCard>
  );
}

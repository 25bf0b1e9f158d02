import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import type { FormFailure } from "../route.server";

export type SsoPageProps = ({ mode: "spent"; error: string } | { mode: "confirm"; token: string; shopName: string; currentShopName: string | null }) & { csrfToken: string };

/** A one-time login link: spent, or (another shop is logged in here) a click to switch shops. */
export function SsoPage(props: SsoPageProps) {
  const failure = useActionData<FormFailure | { mode: "spent"; error: string }>();
  const busy = useNavigation().state !== "idle";
  const refusal = failure && "error" in failure ? (typeof failure.error === "string" ? failure.error : failure.error.message) : undefined;
  if (props.mode === "spent") {
    return (
      <Page title="Palompy console" narrowWidth>
        <Banner tone="critical" title="Cannot log in">
          {props.error}
        </Banner>
      </Page>
    );
  }
  return (
    <Page title={`Open ${props.shopName}?`} narrowWidth>
      <BlockStack gap="400">
        {refusal && <Banner tone="critical">{refusal}</Banner>}
        <Card>
          <Form method="post">
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <input type="hidden" name="token" value={props.token} />
            <BlockStack gap="300">
              <Text as="p">
                {props.currentShopName ? `This browser is logged in to ${props.currentShopName}. ` : "This browser is logged in to the console. "}
                This login link opens the console of {props.shopName} instead. Continue only if you opened the link yourself.
              </Text>
              <Button submit variant="primary" loading={busy}>
                {`Open ${props.shopName}`}
              </Button>
            </BlockStack>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}

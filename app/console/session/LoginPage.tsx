import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { FormFailure } from "../route.server";

export interface LoginPageProps {
  mode: "key" | "pick";
  shops: { id: string; name: string; platform: string; domain: string | null }[];
  q: string;
  csrfToken: string;
}

/** Log in with the shop's API key (or the admin token, then pick a shop when there is more than one). */
export function LoginPage(props: LoginPageProps) {
  const failure = useActionData<FormFailure>();
  const busy = useNavigation().state !== "idle";
  const [key, setKey] = useState("");
  const [q, setQ] = useState(props.q);
  if (props.mode === "pick") {
    return (
      <Page title="Choose a shop" narrowWidth>
        <BlockStack gap="400">
          {failure && <Banner tone="critical">{failure.error.message}</Banner>}
          <Card>
            <Form method="get">
              <input type="hidden" name="pick" value="1" />
              <FormLayout>
                <TextField label="Find a shop by name" name="q" value={q} onChange={setQ} autoComplete="off" />
                <Button submit>Search</Button>
              </FormLayout>
            </Form>
          </Card>
          {props.shops.length === 0 && <Text as="p">No shops yet. Create one with POST /api/shops.</Text>}
          {props.shops.map((shop) => (
            <Card key={shop.id}>
              <Form method="post">
                <input type="hidden" name="_csrf" value={props.csrfToken} />
                <input type="hidden" name="intent" value="pick" />
                <input type="hidden" name="shopId" value={shop.id} />
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingSm">
                      {shop.name}
                    </Text>
                    <Text as="p" tone="subdued">
                      {shop.platform}
                      {shop.domain ? ` · ${shop.domain}` : ""}
                    </Text>
                  </BlockStack>
                  <Button submit accessibilityLabel={`Open ${shop.name}`}>
                    Open
                  </Button>
                </InlineStack>
              </Form>
            </Card>
          ))}
        </BlockStack>
      </Page>
    );
  }
  return (
    <Page title="Palompy console" narrowWidth>
      <Card>
        <Form method="post">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <input type="hidden" name="intent" value="login" />
          <FormLayout>
            <Text as="p">Log in with your shop&apos;s API key, or with the admin token (it opens any shop).</Text>
            <TextField
              label="API key or admin token"
              name="key"
              type="password"
              value={key}
              onChange={setKey}
              autoComplete="current-password"
              error={failure?.error.field === "key" ? failure.error.message : undefined}
            />
            {failure && failure.error.field !== "key" && <Banner tone="critical">{failure.error.message}</Banner>}
            <Button submit variant="primary" loading={busy}>
              Log in
            </Button>
          </FormLayout>
        </Form>
      </Card>
    </Page>
  );
}

import { Form, useActionData } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import type { FormFailure } from "../route.server";
import { CopyButton } from "./CopyButton";
import type { InstallData } from "./install.server";

/** Code to paste: kept as written (scrolls sideways rather than breaking a URL), with a copy button. */
function Code({ children, copyLabel }: { children: string; copyLabel?: string }) {
  return (
    <BlockStack gap="200">
      <Box background="bg-surface-secondary" padding="300" borderRadius="200">
        {/* Focusable so a keyboard can scroll a line wider than the screen (axe: scrollable-region-focusable). */}
        <pre tabIndex={0} aria-label={copyLabel ? copyLabel.replace(/^Copy /, "") : undefined} style={{ margin: 0, whiteSpace: "pre", overflowX: "auto", fontSize: 13 }}>
          <code>{children}</code>
        </pre>
      </Box>
      {copyLabel ? (
        <InlineStack>
          <CopyButton text={children} label={copyLabel} />
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}

/** Putting the assistant on the storefront: the snippet with this shop's key, per-platform hints, and the API key. */
export function InstallPage({ data, csrfToken }: { data: InstallData; csrfToken: string }) {
  const rotated = useActionData<{ apiKey: string } | FormFailure>();
  return (
    <Page title="Install">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Storefront snippet
              </Text>
              <Text as="p">Paste it before &lt;/body&gt; on every page of your store. Greeting, colours and prompts come from Settings; data-* attributes on the tag override them.</Text>
              <Code copyLabel="Copy snippet">{data.snippet}</Code>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Platforms
              </Text>
              <List>
                <List.Item>Shopify: install the Palompy app, then in Online Store → Themes → Customize → App embeds switch on “Palompy chat”. No snippet needed.</List.Item>
                <List.Item>WooCommerce: install the Palompy plugin, open WooCommerce → Palompy, enter this server&apos;s address and press Connect. The store gets its own Palompy shop, WooCommerce asks you to approve read access, the catalog syncs and the plugin adds the widget.</List.Item>
                <List.Item>Any other site: the snippet above, in the page template&apos;s footer.</List.Item>
              </List>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                API key
              </Text>
              <Text as="p">
                The secret key opens this shop&apos;s admin API (Authorization: Bearer …) and this console. Shop id: <code>{data.shopId}</code>. API: <code>{data.apiBase}/api/shops/{data.shopId}/…</code>
              </Text>
              {rotated && "apiKey" in rotated && (
                <Banner tone="warning" title="New API key: copy it now, it is not shown again">
                  <Code copyLabel="Copy API key">{rotated.apiKey}</Code>
                </Banner>
              )}
              {rotated && "error" in rotated && <Banner tone="critical">{rotated.error.message}</Banner>}
              <Form method="post">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <Button submit tone="critical">
                  Rotate API key
                </Button>
              </Form>
              {data.apiKeyRotatedAt && <Text as="p" tone="subdued">{`Last issued ${new Date(data.apiKeyRotatedAt).toLocaleString("en")}.`}</Text>}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

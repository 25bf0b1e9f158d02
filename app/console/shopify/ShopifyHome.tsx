import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useConsolePath, useDownloadAction } from "../console-paths";
import { EMBED_BLOCK_HANDLE, THEME_EXTENSION_HANDLE } from "./embed";
import { HeadedCard } from "./HeadedCard";
import type { ShopifyHomeData } from "./home.server";
import { OrderStatusCard } from "./OrderStatusCard";

type EmbedState = "unknown" | "on" | "off";

/**
 * Whether the app embed is on, asked of App Bridge (`shopify.app.extensions()`): it needs no extra
 * scope, where reading the theme's settings_data.json would need read_themes.
 */
function useEmbedState(): EmbedState {
  const shopify = useAppBridge();
  const [state, setState] = useState<EmbedState>("unknown");
  useEffect(() => {
    let cancelled = false;
    shopify.app
      ?.extensions()
      .then((extensions) => {
        const theme = extensions.find((extension) => extension.type === "theme_app_extension" && extension.handle === THEME_EXTENSION_HANDLE);
        const blocks = (theme?.activations ?? []) as unknown as { handle: string; status: string; activations: unknown[] }[];
        const embed = blocks.find((block) => block.handle === EMBED_BLOCK_HANDLE);
        const on = Boolean(embed && embed.status === "active" && embed.activations.length > 0);
        if (!cancelled) setState(on ? "on" : "off");
      })
      .catch(() => !cancelled && setState("unknown"));
    return () => {
      cancelled = true;
    };
  }, [shopify]);
  return state;
}

export function ShopifyHome({
  data,
  resyncing,
  onResync,
  onScopesChanged,
}: {
  data: ShopifyHomeData;
  resyncing: boolean;
  onResync: () => void;
  onScopesChanged: () => void;
}) {
  const embed = useEmbedState();
  const { sync } = data;
  const percent = sync.total ? Math.round((100 * sync.done) / sync.total) : sync.status === "done" ? 100 : 0;
  return (
    <Page title="Palompy">
      <Layout>
        <HeadedCard
          title="Chat on your storefront"
          badge={
            <Badge tone={embed === "on" ? "success" : embed === "off" ? "attention" : undefined}>
              {embed === "on" ? "App embed on" : embed === "off" ? "App embed off" : "App embed status unknown"}
            </Badge>
          }
        >
          {embed !== "on" && <Text as="p">Switch the Palompy chat embed on in your theme once; it needs no settings.</Text>}
          <InlineStack>
            <Button url={data.deepLink} target="_top" variant={embed === "on" ? "secondary" : "primary"}>
              Open the theme editor
            </Button>
          </InlineStack>
        </HeadedCard>
        <HeadedCard title="Catalog sync" badge={<Badge tone={sync.status === "done" ? "success" : sync.status === "failed" ? "critical" : "info"}>{sync.status}</Badge>}>
          <ProgressBar progress={percent} />
          <Text as="p" tone="subdued">
            {sync.total ? `${sync.done} of ${sync.total} items` : "Waiting to start"}
            {sync.finishedAt ? ` — last finished ${new Date(sync.finishedAt).toLocaleString()}` : ""}
          </Text>
          {sync.error && <Banner tone="critical">{sync.error}</Banner>}
          <InlineStack>
            <Button onClick={onResync} loading={resyncing} disabled={sync.status === "running"}>
              Resync
            </Button>
          </InlineStack>
        </HeadedCard>
        <OrderStatusCard granted={data.orderStatus.granted} onGranted={onScopesChanged} />
        <Layout.Section>
          <InlineGrid columns={3} gap="400">
            <Stat label="Knowledge chunks" value={data.counts.chunks} />
            <Stat label="Conversations" value={data.counts.conversations} />
            <Stat label="Leads" value={data.counts.leads} />
          </InlineGrid>
        </Layout.Section>
        <HeadedCard title="Questions the assistant could not answer">
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
        </HeadedCard>
        {data.dataRequests.length > 0 && (
          <HeadedCard title="Customer data requests">
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
              headings={["Customer", "Requested", "Leads", "Chat turns", "Report"]}
              rows={data.dataRequests.map((request) => [
                request.email ?? "—",
                new Date(request.createdAt).toLocaleString(),
                request.leads,
                request.chatTurns,
                <ReportDownload key={request.id} requestId={request.id} />,
              ])}
            />
          </HeadedCard>
        )}
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

/** The report to hand to the customer, as a JSON file (fetched with the session token inside the admin). */
function ReportDownload({ requestId }: { requestId: string }) {
  const path = useConsolePath();
  const action = useDownloadAction("Download", path(`/customer-data-requests/${requestId}.json`));
  return (
    <Button variant="plain" url={action.url} external={action.external} onClick={action.onAction}>
      Download
    </Button>
  );
}

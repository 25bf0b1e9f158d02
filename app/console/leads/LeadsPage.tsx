import { Form } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, DataTable, Divider, InlineStack, Link, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { useConsolePath, useDownloadAction } from "../console-paths";
import { ListFilters } from "../shell/ListFilters";
import { Pager } from "../shell/Pager";
import type { LeadListData } from "./leads.server";

const STATUS_OPTIONS = [
  { label: "New", value: "new" },
  { label: "Contacted", value: "contacted" },
  { label: "Closed", value: "closed" },
];

function StatusForm({ lead, csrfToken }: { lead: LeadListData["items"][number]; csrfToken: string }) {
  const [status, setStatus] = useState(lead.status);
  return (
    <Form method="post">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="leadId" value={lead.id} />
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <Select label={`Status of ${lead.name ?? lead.email ?? lead.phone ?? "this lead"}`} labelHidden name="status" options={STATUS_OPTIONS} value={status} onChange={setStatus} />
        <Button submit size="slim" disabled={status === lead.status}>
          Save
        </Button>
      </InlineStack>
    </Form>
  );
}

/**
 * A list rather than a table: every lead, its status control included, reads at 390 px without
 * sideways scrolling (a five-column table pushed the status off-screen).
 */
function LeadList({ leads, csrfToken }: { leads: LeadListData["items"]; csrfToken: string }) {
  return (
    <ol style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label="Leads">
      {leads.map((lead, index) => (
        <li key={lead.id}>
          {index > 0 ? <Divider /> : null}
          <Box paddingBlock="300">
            <BlockStack gap="150">
              <InlineStack gap="300" align="space-between" blockAlign="center" wrap>
                <Text as="h3" variant="headingSm">
                  {lead.name ?? "Unnamed shopper"}
                </Text>
                <StatusForm lead={lead} csrfToken={csrfToken} />
              </InlineStack>
              <Text as="p">{[lead.email, lead.phone].filter(Boolean).join(" · ") || "No contact details"}</Text>
              <Text as="p" tone={lead.about ? undefined : "subdued"}>
                {`About: ${lead.about ?? "—"}`}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {`Left ${new Date(lead.createdAt).toLocaleString("en")}${lead.orderNumber ? ` · order ${lead.orderNumber}` : ""}`}
              </Text>
            </BlockStack>
          </Box>
        </li>
      ))}
    </ol>
  );
}

/** Contact details shoppers left, newest first, with a status the merchant keeps and a CSV export. */
export function LeadsPage({ data, csrfToken }: { data: LeadListData; csrfToken: string }) {
  const csv = useDownloadAction("Download CSV", useConsolePath()(`/leads.csv${data.csvQuery ? `?${data.csvQuery}` : ""}`));
  return (
    <Page title="Leads" secondaryActions={[csv]}>
      <BlockStack gap="400">
        <Card>
          <ListFilters
            from={data.filters.from}
            to={data.filters.to}
            selects={[{ name: "status", label: "Status", value: data.filters.status, options: [{ label: "Any", value: "" }, ...STATUS_OPTIONS] }]}
          />
        </Card>
        <Card>
          {data.items.length === 0 ? <Text as="p">No leads match.</Text> : <LeadList leads={data.items} csrfToken={csrfToken} />}
        </Card>
        <Pager page={data.page} pageSize={data.pageSize} total={data.total} />
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Handoff deliveries
            </Text>
            {data.deliveries.length === 0 ? (
              <Text as="p">No lead has been forwarded yet. Set an email or a webhook under Settings → Handoff to a person.</Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
                headings={["Lead", "Channel", "Target", "Attempt", "Result", "When"]}
                rows={data.deliveries.map((d) => [
                  d.who,
                  d.channel,
                  d.target,
                  d.attempt,
                  d.ok ? <Badge tone="success">Delivered</Badge> : <Badge tone="critical">{d.error ?? `HTTP ${d.status ?? "?"}`}</Badge>,
                  new Date(d.createdAt).toLocaleString("en"),
                ])}
              />
            )}
          </BlockStack>
        </Card>
        <Text as="p" tone="subdued">
          The CSV holds every lead matching the filters. <Link url={csv.url} onClick={csv.onAction}>
            Download CSV
          </Link>
        </Text>
      </BlockStack>
    </Page>
  );
}

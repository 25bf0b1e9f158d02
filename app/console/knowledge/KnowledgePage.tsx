import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, DataTable, InlineGrid, InlineStack, Layout, Link, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useConsolePath } from "../console-paths";
import { consolePrice } from "../money";
import type { FormFailure } from "../route.server";
import { ListFilters } from "../shell/ListFilters";
import { Pager } from "../shell/Pager";
import { ImportJobs } from "./ImportJobs";
import type { KnowledgeActionResult, KnowledgePageData } from "./knowledge.server";

type ActionResult = KnowledgeActionResult | FormFailure;

const TYPE_LABELS = { product: "Products", faq: "FAQ", policy: "Policies", page: "Pages" } as const;

function UploadResult({ result }: { result: Extract<ActionResult, { intent: "upload" }> }) {
  const r = result.result;
  if (!r) return <Banner tone="info">{`The import runs in the background (job ${result.job?.id}); its progress is shown below.`}</Banner>;
  return <Banner tone="success">{`Imported (${result.mode}): ${r.chunks} chunks, ${r.embedded} embedded, ${r.unchanged} unchanged, ${r.removed} removed.`}</Banner>;
}

/** The shop's knowledge: counts by type, the items, uploads with their progress, single-item delete and a "try a question" box. */
export function KnowledgePage({ data, csrfToken }: { data: KnowledgePageData; csrfToken: string }) {
  const result = useActionData<ActionResult>();
  const path = useConsolePath();
  const busy = useNavigation().state === "submitting";
  const [question, setQuestion] = useState("");
  const [mode, setMode] = useState("merge");
  const [confirmRemoval, setConfirmRemoval] = useState(false);
  const failure = result && "error" in result ? result.error : undefined;
  const rows = data.items.map((item) => [
    <Link key="title" url={path(`/knowledge/${item.sourceType}/${encodeURIComponent(item.sourceId)}`)} removeUnderline>
      {item.title}
    </Link>,
    TYPE_LABELS[item.sourceType as keyof typeof TYPE_LABELS] ?? item.sourceType,
    consolePrice(item.price, item.currency),
    item.chunks,
    <Form method="post" key={`${item.sourceType}:${item.sourceId}`}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="sourceType" value={item.sourceType} />
      <input type="hidden" name="sourceId" value={item.sourceId} />
      <Button submit tone="critical" variant="plain" accessibilityLabel={`Delete ${item.title}`}>
        Delete
      </Button>
    </Form>,
  ]);
  return (
    <Page title="Knowledge">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
            {(Object.keys(TYPE_LABELS) as (keyof typeof TYPE_LABELS)[]).map((type) => (
              <Card key={type}>
                <Text as="h2" variant="headingSm">
                  {TYPE_LABELS[type]}
                </Text>
                <Text as="p" variant="headingXl">
                  {data.counts[type].toLocaleString("en")}
                </Text>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          {failure && (
            <Banner tone="critical" title="Not done">
              {failure.message}
            </Banner>
          )}
          {result && "intent" in result && result.intent === "upload" && <UploadResult result={result} />}
          {result && "intent" in result && result.intent === "delete" && <Banner tone="success">{`Deleted ${result.sourceId}.`}</Banner>}
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="intent" value="try" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Try a question
                </Text>
                <TextField label="Question a shopper might ask" name="question" value={question} onChange={setQuestion} autoComplete="off" />
                <div>
                  <Button submit loading={busy}>
                    Ask
                  </Button>
                </div>
                {result && "intent" in result && result.intent === "try" && (
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      Answer{result.model ? " (offline composer; the model phrases it from the same sources)" : ""}
                    </Text>
                    <Text as="p">{result.answer}</Text>
                    <DataTable
                      columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
                      headings={["Source", "Type", "Score", "Similarity", "Used"]}
                      rows={result.sources.map((source) => [
                        source.title,
                        source.sourceType,
                        source.score.toFixed(3),
                        source.similarity === null ? "—" : source.similarity.toFixed(3),
                        source.used ? <Badge tone="success">answer</Badge> : source.relevant ? "relevant" : "below threshold",
                      ])}
                    />
                  </BlockStack>
                )}
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="intent" value="upload" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Upload
                </Text>
                <Text as="p">
                  A JSON import payload, or a CSV whose header row names the fields: type (product, faq, policy, page), id, name, description, price, currency, url, image, sku,
                  vendor, tags (separated by |), available, question, answer, title, content.
                </Text>
                <label htmlFor="knowledge-file">
                  <Text as="span">File (.json or .csv)</Text>
                </label>
                <input id="knowledge-file" type="file" name="file" accept=".json,.csv,application/json,text/csv" required />
                <Select
                  label="Mode"
                  name="mode"
                  value={mode}
                  onChange={setMode}
                  options={[
                    { label: "Add and update (merge)", value: "merge" },
                    { label: "Replace everything (full)", value: "full" },
                  ]}
                />
                {mode === "full" && (
                  <Checkbox
                    label="Yes, remove them"
                    helpText="A full import removes the items of each section it names that the file no longer lists. Without this, an import that would remove more than half of the shop's items is refused."
                    name="confirmRemoval"
                    checked={confirmRemoval}
                    onChange={setConfirmRemoval}
                  />
                )}
                <InlineStack>
                  <Button submit variant="primary" loading={busy}>
                    Upload
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <ImportJobs jobs={data.imports} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <ListFilters
                hideDates
                from=""
                to=""
                selects={[
                  {
                    name: "sourceType",
                    label: "Type",
                    value: data.sourceType,
                    options: [{ label: "All", value: "" }, ...Object.entries(TYPE_LABELS).map(([value, label]) => ({ label, value }))],
                  },
                ]}
              />
              {rows.length === 0 ? (
                <Text as="p">No items yet. Upload a file above.</Text>
              ) : (
                <DataTable columnContentTypes={["text", "text", "text", "numeric", "text"]} headings={["Title", "Type", "Price", "Chunks", ""]} rows={rows} />
              )}
              <Pager page={data.page} pageSize={data.pageSize} total={data.total} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

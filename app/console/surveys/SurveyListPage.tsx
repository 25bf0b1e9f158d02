import { Badge, BlockStack, Button, ButtonGroup, Card, DataTable, Link, Page, Pagination, Text } from "@shopify/polaris";
import { pickText } from "~/surveys/questions";
import type { SurveyStatus } from "~/surveys/survey-status";
import type { SurveyListData } from "./surveys.server";

export const STATUS_BADGE: Record<SurveyStatus, { tone?: "success" | "info"; label: string }> = {
  active: { tone: "success", label: "Active" },
  draft: { tone: "info", label: "Draft" },
  archived: { label: "Archived" },
};

/** The shop's surveys: which one is live, how many answers each has; links to edit and to results. */
export function SurveyListPage(props: SurveyListData & { basePath: string }) {
  const { basePath } = props;
  const filterUrl = (status: SurveyStatus | null, page = 1) => {
    const query = new URLSearchParams();
    if (status) query.set("status", status);
    if (page > 1) query.set("page", String(page));
    if (props.pageSize !== 20) query.set("pageSize", String(props.pageSize));
    const text = query.toString();
    return text ? `${basePath}?${text}` : basePath;
  };
  const lastPage = Math.max(1, Math.ceil(props.total / props.pageSize));
  const rows = props.surveys.map((survey) => [
    <Link key={survey.id} url={`${basePath}/${survey.id}`} removeUnderline>
      {pickText(survey.title)}
    </Link>,
    <Badge key="status" tone={STATUS_BADGE[survey.status].tone}>
      {STATUS_BADGE[survey.status].label}
    </Badge>,
    survey.urlPattern ?? "All pages",
    survey.questions.length,
    survey.responses,
    <Link key="results" url={`${basePath}/${survey.id}/results`}>
      Results
    </Link>,
  ]);
  return (
    <Page title="Surveys" primaryAction={{ content: "New survey", url: `${basePath}/new` }}>
      <Card>
        <BlockStack gap="300">
          <ButtonGroup variant="segmented">
            {([null, "active", "draft", "archived"] as const).map((status) => (
              <Button key={status ?? "all"} url={filterUrl(status)} pressed={props.status === status}>
                {status ? STATUS_BADGE[status].label : "All"}
              </Button>
            ))}
          </ButtonGroup>
          {rows.length ? (
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric", "numeric", "text"]}
              headings={["Title", "Status", "Shown on", "Questions", "Responses", ""]}
              rows={rows}
            />
          ) : (
            <Text as="p">No surveys yet. A short survey after the assistant's answer tells you what shoppers miss.</Text>
          )}
          {lastPage > 1 ? (
            <Pagination
              hasPrevious={props.page > 1}
              previousURL={filterUrl(props.status, props.page - 1)}
              hasNext={props.page < lastPage}
              nextURL={filterUrl(props.status, props.page + 1)}
              label={`Page ${props.page} of ${lastPage}`}
            />
          ) : null}
        </BlockStack>
      </Card>
    </Page>
  );
}

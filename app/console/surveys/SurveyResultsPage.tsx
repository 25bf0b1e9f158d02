import { Badge, BlockStack, Card, DataTable, InlineGrid, InlineStack, Page, Pagination, Text } from "@shopify/polaris";
import { pickText } from "~/surveys/questions";
import type { QuestionResult } from "~/surveys/results.server";
import { ClientChart } from "../analytics/ClientChart";
import { useDownloadAction } from "../console-paths";
import { count, KpiCard, percent } from "../analytics/KpiCard";
import { STATUS_BADGE } from "./SurveyListPage";
import type { SurveyResultsData } from "./surveys.server";

const TEXT_PAGE_PARAM = "textPage";

/**
 * A survey's results: how many saw and answered it, then per question the option counts, the
 * average rating or the NPS score with its distribution, and the text answers page by page.
 */
export function SurveyResultsPage(props: SurveyResultsData & { basePath: string; csvUrl: string }) {
  const { survey, results } = props;
  const resultsUrl = `${props.basePath}/${survey.id}/results`;
  const csv = useDownloadAction("Export CSV", props.csvUrl);
  const pageUrl = (page: number) => {
    const query = new URLSearchParams();
    if (results.language) query.set("lang", results.language);
    query.set(TEXT_PAGE_PARAM, String(page));
    return `${resultsUrl}?${query}`;
  };
  return (
    <Page
      title={pickText(survey.title, results.language)}
      titleMetadata={<Badge tone={STATUS_BADGE[survey.status].tone}>{STATUS_BADGE[survey.status].label}</Badge>}
      backAction={{ content: "Surveys", url: props.basePath }}
      primaryAction={csv}
      secondaryActions={[{ content: "Edit", url: `${props.basePath}/${survey.id}` }]}
    >
      <BlockStack gap="400">
        <InlineGrid columns={{ xs: 3 }} gap="300">
          <KpiCard label="Responses" value={count(results.responses)} />
          <KpiCard label="Shown to shoppers" value={count(results.shown)} />
          <KpiCard label="Completion" value={percent(results.completionRate)} />
        </InlineGrid>
        {results.questions.map((question, index) => (
          <Card key={question.id}>
            <BlockStack gap="300">
              <InlineStack align="space-between" wrap>
                <Text as="h2" variant="headingMd">
                  {`${index + 1}. ${question.text}`}
                </Text>
                <Text as="span" tone="subdued">
                  {`${count(question.answered)} answered`}
                </Text>
              </InlineStack>
              <QuestionBody question={question} pageUrl={pageUrl} />
            </BlockStack>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}

function QuestionBody({ question, pageUrl }: { question: QuestionResult; pageUrl: (page: number) => string }) {
  if (question.options) {
    const total = question.answered;
    return (
      <>
        <ClientChart
          kind="bar"
          horizontal
          height={Math.max(120, question.options.length * 44)}
          label={question.options.map((o) => `${o.label}: ${o.count}`).join(", ")}
          series={[{ name: "Answers", points: question.options.map((o) => ({ key: o.label, value: o.count })) }]}
        />
        <DataTable
          columnContentTypes={["text", "numeric", "numeric"]}
          headings={["Option", "Answers", "Share of respondents"]}
          rows={question.options.map((o) => [o.label, o.count, total ? percent(o.count / total) : "—"])}
        />
      </>
    );
  }
  if (question.distribution) {
    return (
      <>
        <InlineStack gap="600" wrap>
          <Text as="p" variant="headingLg">
            {question.nps ? `NPS ${question.nps.score ?? "—"}` : `Average ${question.average ?? "—"} / 5`}
          </Text>
          {question.nps ? (
            <Text as="p" tone="subdued">
              {`${question.nps.promoters} promoters (9–10) · ${question.nps.passives} passives (7–8) · ${question.nps.detractors} detractors (0–6)`}
              {question.average !== null ? ` · average ${question.average}` : ""}
            </Text>
          ) : null}
        </InlineStack>
        <ClientChart
          kind="bar"
          height={200}
          label={question.distribution.map((d) => `${d.score}: ${d.count}`).join(", ")}
          series={[{ name: "Answers", points: question.distribution.map((d) => ({ key: String(d.score), value: d.count })) }]}
        />
      </>
    );
  }
  const answers = question.textAnswers;
  if (!answers || answers.total === 0) return <Text as="p">No answers yet.</Text>;
  const lastPage = Math.max(1, Math.ceil(answers.total / answers.pageSize));
  return (
    <BlockStack gap="200">
      <DataTable columnContentTypes={["text", "text"]} headings={["Answer", "Date"]} rows={answers.items.map((a) => [a.text, a.createdAt.slice(0, 10)])} />
      {lastPage > 1 ? (
        <Pagination
          hasPrevious={answers.page > 1}
          previousURL={pageUrl(answers.page - 1)}
          hasNext={answers.page < lastPage}
          nextURL={pageUrl(answers.page + 1)}
          label={`${answers.page} of ${lastPage}`}
        />
      ) : null}
    </BlockStack>
  );
}

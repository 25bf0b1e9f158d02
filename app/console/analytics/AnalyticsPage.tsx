import { BlockStack, Box, Card, Divider, InlineGrid, Page, Text } from "@shopify/polaris";
import type { QuestionGroup } from "~/analytics/question-groups";
import type { AnalyticsPageData } from "./analytics.server";
import { RangeForm } from "../shell/RangeForm";
import { ClientChart } from "./ClientChart";
import { count, KpiCard, percent } from "./KpiCard";

/** The merchant's dashboard: KPI cards, activity per day, what shoppers ask and what the assistant could not answer. */
export function AnalyticsPage(props: AnalyticsPageData) {
  const { summary, query, error } = props;
  const t = summary.totals;
  const days = summary.series;
  const kpis: { label: string; value: string; help?: string }[] = [
    { label: "Widget opens", value: count(t.widgetOpens) },
    { label: "Conversations", value: count(t.conversations) },
    { label: "Messages", value: count(t.messages) },
    {
      label: "Answered",
      value: percent(t.answeredRate),
      help: `Questions the store's knowledge could answer: ${count(t.unanswered)} unanswered, ${count(t.thumbsDown)} of the answers got a thumbs down`,
    },
    { label: "Average session", value: t.averageSessionSeconds === null ? "—" : duration(t.averageSessionSeconds) },
    { label: "Quick-prompt clicks", value: count(t.quickPromptClicks) },
    { label: "Thumbs up / down", value: `${count(t.thumbsUp)} / ${count(t.thumbsDown)}` },
    { label: "Leads", value: count(t.leads) },
    { label: "Survey completion", value: percent(t.surveyCompletionRate), help: `${count(t.surveyResponses)} answers from ${count(t.surveyShown)} shown` },
  ];
  return (
    <Page title="Analytics" subtitle={`${query.from} – ${query.to} (UTC)`}>
      <BlockStack gap="400">
        <RangeForm from={query.from} to={query.to} error={error} />
        <InlineGrid columns={{ xs: 2, sm: 3, lg: 5 }} gap="300">
          {kpis.map((kpi) => (
            <KpiCard key={kpi.label} {...kpi} />
          ))}
        </InlineGrid>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Activity per day
            </Text>
            <ClientChart
              kind="line"
              label={`Per day from ${query.from} to ${query.to}: ${count(t.messages)} messages, ${count(t.conversations)} conversations, ${count(t.widgetOpens)} widget opens`}
              series={[
                { name: "Messages", points: days.map((d) => ({ key: d.date, value: d.messages })) },
                { name: "Conversations", points: days.map((d) => ({ key: d.date, value: d.conversations })) },
                { name: "Widget opens", points: days.map((d) => ({ key: d.date, value: d.widgetOpens })) },
                { name: "Unanswered", points: days.map((d) => ({ key: d.date, value: d.unanswered })) },
              ]}
            />
          </BlockStack>
        </Card>
        <QuestionTable
          title="Knowledge gaps"
          description="Questions the assistant could not answer or that got a thumbs down, grouped by topic. Each is an FAQ entry worth writing."
          empty="No unanswered or disliked questions in this period."
          groups={summary.knowledgeGaps}
        />
        <QuestionTable title="Top questions" description="What shoppers ask most, similar wordings grouped." empty="No questions in this period." groups={summary.topQuestions} />
      </BlockStack>
    </Page>
  );
}

/** A list rather than a table: it reads at 390 px without sideways scrolling, and a screen reader reads each group as one item. */
function QuestionTable(props: { title: string; description: string; empty: string; groups: QuestionGroup[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {props.title}
          </Text>
          <Text as="p" tone="subdued">
            {props.description}
          </Text>
        </BlockStack>
        {props.groups.length ? (
          <ol style={{ listStyle: "none", margin: 0, padding: 0 }}>
            {props.groups.map((g, index) => (
              <li key={g.example}>
                {index > 0 ? <Divider /> : null}
                <Box paddingBlock="200">
                  <BlockStack gap="100">
                    <Text as="p" fontWeight="semibold">
                      {g.example}
                    </Text>
                    {g.variants.length ? (
                      <Text as="p" variant="bodySm" tone="subdued">
                        {`Also asked as: ${g.variants.join(" · ")}`}
                      </Text>
                    ) : null}
                    <Text as="p" variant="bodySm">
                      {[
                        `Asked ${count(g.count)}×`,
                        `unanswered ${count(g.unanswered)}`,
                        `thumbs down ${count(g.thumbsDown)}`,
                        `last ${g.lastAskedAt.slice(0, 10)}`,
                      ].join(" · ")}
                    </Text>
                  </BlockStack>
                </Box>
              </li>
            ))}
          </ol>
        ) : (
          <Text as="p">{props.empty}</Text>
        )}
      </BlockStack>
    </Card>
  );
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

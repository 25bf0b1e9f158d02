import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { formatPrice } from "~/chat/price-format";
import type { Comparison } from "~/revenue/statistics";
import { RangeForm } from "../shell/RangeForm";
import { ClientChart } from "../analytics/ClientChart";
import { count, KpiCard, percent } from "../analytics/KpiCard";
import type { FormFailure } from "../route.server";
import { holdoutVerdict } from "./holdout-verdict";
import type { RevenuePageData } from "./revenue.server";

type SaveResult = FormFailure | { ok: true; settings: RevenuePageData["settings"] };

const money = (value: number, currency: string) => formatPrice(Math.round(value * 100) / 100, currency, "en");
const points = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(2)} pp`;

/**
 * What the assistant is worth in orders: assisted and influenced orders and revenue, conversion of
 * sessions that chatted vs not (correlation, said so), and with a holdout the randomized comparison
 * with its 95% interval (the causal number).
 */
export function RevenuePage({ data, csrfToken }: { data: RevenuePageData; csrfToken: string }) {
  const { summary, query, error } = data;
  const main = summary.byCurrency[0];
  const currency = summary.mainCurrency;
  const kpis = main
    ? [
        { label: "Orders", value: count(main.orders), help: `${money(main.revenue, main.currency)} revenue` },
        { label: "Assisted orders", value: count(main.assistedOrders), help: `${money(main.assistedRevenue, main.currency)}: the session chatted before ordering` },
        { label: "Influenced orders", value: count(main.influencedOrders), help: `${money(main.influencedRevenue, main.currency)}: with an item the assistant showed` },
        { label: "Average order value", value: main.averageOrderValue === null ? "—" : money(main.averageOrderValue, main.currency) },
        { label: "Conversion, chatted", value: percent(summary.conversion.chatted), help: `${count(summary.sessions.chatted)} sessions that chatted` },
        { label: "Conversion, did not chat", value: percent(summary.conversion.notChatted), help: `${count(Math.max(0, summary.sessions.visitors - summary.sessions.chatted))} sessions` },
      ]
    : [];
  return (
    <Page title="Revenue" subtitle={`${query.from} – ${query.to} (UTC)`}>
      <BlockStack gap="400">
        <RangeForm from={query.from} to={query.to} error={error} />
        {main ? (
          <InlineGrid columns={{ xs: 1, sm: 2, lg: 3 }} gap="300">
            {kpis.map((kpi) => (
              <KpiCard key={kpi.label} {...kpi} />
            ))}
          </InlineGrid>
        ) : (
          <Card>
            <Text as="p">No orders reported in this period. Orders arrive from the Shopify pixel, the WooCommerce plugin or POST /api/shops/:id/orders.</Text>
          </Card>
        )}
        {main ? (
          <Text as="p" tone="subdued">
            Shoppers who chat may have been more likely to buy anyway: these numbers show association. The holdout below measures what the assistant itself adds.
          </Text>
        ) : null}
        {summary.byCurrency.length > 1 ? (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Other currencies
              </Text>
              {summary.byCurrency.slice(1).map((row) => (
                <Text as="p" key={row.currency}>{`${row.currency}: ${count(row.orders)} orders, ${money(row.revenue, row.currency)}; assisted ${count(row.assistedOrders)} (${money(row.assistedRevenue, row.currency)})`}</Text>
              ))}
            </BlockStack>
          </Card>
        ) : null}
        {currency ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Revenue per day
              </Text>
              <ClientChart
                kind="bar"
                label={`Revenue per day in ${currency} from ${query.from} to ${query.to}: ${money(main?.revenue ?? 0, currency)} in all, ${money(main?.assistedRevenue ?? 0, currency)} assisted`}
                series={[
                  { name: "Revenue", points: summary.series.map((d) => ({ key: d.date, value: d.revenue })) },
                  { name: "Assisted revenue", points: summary.series.map((d) => ({ key: d.date, value: d.assistedRevenue })) },
                ]}
              />
            </BlockStack>
          </Card>
        ) : null}
        <HoldoutCard data={data} />
        <MeasurementForm settings={data.settings} csrfToken={csrfToken} />
      </BlockStack>
    </Page>
  );
}

function HoldoutCard({ data }: { data: RevenuePageData }) {
  const holdout = data.summary.holdout;
  const currency = data.summary.mainCurrency ?? "";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Holdout: the assistant&apos;s own effect
        </Text>
        {!holdout ? (
          <Text as="p">
            {data.settings.holdoutPercent > 0
              ? `${data.settings.holdoutPercent}% of new visitors do not see the assistant. No visitor was assigned in this period yet.`
              : "Off. Set a holdout below: a random share of visitors never sees the assistant, and their conversion is compared with everyone else's."}
          </Text>
        ) : (
          <BlockStack gap="300">
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
              <Group title="With the assistant" stats={holdout.treatment} currency={currency} />
              <Group title="Without (holdout)" stats={holdout.control} currency={currency} />
            </InlineGrid>
            <Lift label="Conversion" comparison={holdout.conversion} format={points} />
            <Lift label={`Revenue per visitor (${currency})`} comparison={holdout.revenuePerVisitor} format={(value) => `${value >= 0 ? "+" : "−"}${money(Math.abs(value), currency)}`} />
            <Text as="p" fontWeight="semibold">
              {holdoutVerdict(holdout.conversion, { treatment: holdout.treatment.visitors, control: holdout.control.visitors })}
            </Text>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

function Group({ title, stats, currency }: { title: string; stats: { visitors: number; conversions: number; revenue: number }; currency: string }) {
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200">
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        <Text as="p">{`${count(stats.visitors)} visitors, ${count(stats.conversions)} ordered (${percent(stats.visitors ? stats.conversions / stats.visitors : null)})`}</Text>
        <Text as="p">{`Revenue ${currency ? money(stats.revenue, currency) : "—"}, per visitor ${currency && stats.visitors ? money(stats.revenue / stats.visitors, currency) : "—"}`}</Text>
      </BlockStack>
    </Box>
  );
}

function Lift({ label, comparison, format }: { label: string; comparison: Comparison; format: (value: number) => string }) {
  const relative = comparison.relativeLift === null ? "" : ` (${comparison.relativeLift >= 0 ? "+" : ""}${(comparison.relativeLift * 100).toFixed(1)}%)`;
  const interval = comparison.interval ? `95% interval ${format(comparison.interval[0])} to ${format(comparison.interval[1])}` : "interval: not enough data";
  return <Text as="p">{`${label}: ${format(comparison.difference)}${relative}; ${interval}`}</Text>;
}

function MeasurementForm({ settings, csrfToken }: { settings: RevenuePageData["settings"]; csrfToken: string }) {
  const result = useActionData<SaveResult>();
  const busy = useNavigation().state === "submitting";
  const saved = result && "ok" in result ? result.settings : settings;
  const [holdout, setHoldout] = useState(String(saved.holdoutPercent));
  const [windowDays, setWindowDays] = useState(String(saved.attributionWindowDays));
  const failure = result && "error" in result ? result.error : undefined;
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Measurement
          </Text>
          {result && "ok" in result ? <Banner tone="success">Saved.</Banner> : null}
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
            <TextField
              label="Holdout (% of visitors who never see the assistant)"
              name="holdoutPercent"
              type="number"
              min={0}
              max={50}
              value={holdout}
              onChange={setHoldout}
              helpText="0 turns it off. Each visitor is assigned once, at random, in their browser."
              error={failure?.field === "holdoutPercent" ? failure.message : undefined}
              autoComplete="off"
            />
            <TextField
              label="Attribution window (days)"
              name="attributionWindowDays"
              type="number"
              min={1}
              max={90}
              value={windowDays}
              onChange={setWindowDays}
              helpText="An order is assisted when its session chatted this many days before it, or fewer."
              error={failure?.field === "attributionWindowDays" ? failure.message : undefined}
              autoComplete="off"
            />
          </InlineGrid>
          <InlineStack>
            <Button submit loading={busy}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

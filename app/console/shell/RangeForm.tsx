import { Banner, BlockStack, Box, Button, InlineStack, TextField } from "@shopify/polaris";
import { useState } from "react";

/**
 * The from/to dates of a report page, sent as ?from&to (a plain GET form: the page's URL is the
 * report), and, when the range asked for was refused, which field and that the default is shown.
 */
export function RangeForm(props: { from: string; to: string; error?: { message: string } | null }) {
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  return (
    <BlockStack gap="400">
      <form method="get">
        <InlineStack gap="300" blockAlign="end" wrap>
          <Box minWidth="160px">
            <TextField label="From" type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
          </Box>
          <Box minWidth="160px">
            <TextField label="To" type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
          </Box>
          <Button submit>Show</Button>
        </InlineStack>
      </form>
      {props.error ? (
        <Banner tone="critical" title="That date range was not used">
          <p>{props.error.message}. Showing the last 30 days instead.</p>
        </Banner>
      ) : null}
    </BlockStack>
  );
}

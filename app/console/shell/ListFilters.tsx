import { Form } from "@remix-run/react";
import { Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";

export interface SelectFilter {
  name: string;
  label: string;
  value: string;
  options: { label: string; value: string }[];
}

/** A GET form of a list's filters: a date range and a few selects; submitting starts again at page 1. */
export function ListFilters(props: { from: string; to: string; hideDates?: boolean; selects?: SelectFilter[] }) {
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  const [selected, setSelected] = useState<Record<string, string>>(Object.fromEntries((props.selects ?? []).map((s) => [s.name, s.value])));
  return (
    <Form method="get">
      <InlineStack gap="300" blockAlign="end" wrap>
        {!props.hideDates && <TextField label="From" type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />}
        {!props.hideDates && <TextField label="To" type="date" name="to" value={to} onChange={setTo} autoComplete="off" />}
        {(props.selects ?? []).map((select) => (
          <Select
            key={select.name}
            label={select.label}
            name={select.name}
            options={select.options}
            value={selected[select.name] ?? ""}
            onChange={(value) => setSelected((current) => ({ ...current, [select.name]: value }))}
          />
        ))}
        <Button submit>Apply</Button>
      </InlineStack>
    </Form>
  );
}

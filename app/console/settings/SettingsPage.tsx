import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { FormFailure } from "../route.server";

type Values = Record<string, string>;
type SaveResult = FormFailure | { ok: true; values: Values };

/** `quickPrompts.en[2]` → `quickPrompts.en`: list fields are edited as one text area. */
const formFieldOf = (field: string | undefined) => field?.replace(/\[\d+\][^]*/, "");

/** Everything the merchant can set: the assistant, contacts, the widget's look and prompts, handoff, privacy, search synonyms. */
export function SettingsPage({ values: initial, csrfToken, webhookSecret }: { values: Values; csrfToken: string; webhookSecret: string }) {
  const result = useActionData<SaveResult>();
  const saving = useNavigation().state === "submitting";
  const [values, setValues] = useState(initial);
  useEffect(() => {
    if (result && "ok" in result) setValues(result.values);
  }, [result]);
  const failure = result && "error" in result ? result.error : undefined;
  const field = (name: string, label: string, options: { multiline?: number; type?: "text" | "email" | "url" | "number" | "tel"; helpText?: string } = {}) => (
    <TextField
      label={label}
      name={name}
      value={values[name] ?? ""}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      autoComplete="off"
      multiline={options.multiline}
      type={options.type ?? "text"}
      helpText={options.helpText}
      error={formFieldOf(failure?.field) === name ? failure?.message : undefined}
    />
  );
  const select = (name: string, label: string, options: { label: string; value: string }[]) => (
    <Select label={label} name={name} options={options} value={values[name] ?? ""} onChange={(value) => setValues((current) => ({ ...current, [name]: value }))} />
  );
  const section = (title: string, description: string, children: React.ReactNode) => (
    <Layout.AnnotatedSection title={title} description={description}>
      <Card>
        <FormLayout>{children}</FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
  return (
    <Page title="Settings">
      <Form method="post">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <BlockStack gap="400">
          {failure && (
            <Banner tone="critical" title="Not saved">
              {failure.message}
            </Banner>
          )}
          {result && "ok" in result && <Banner tone="success">Settings saved. The widget picks them up within a minute.</Banner>}
          <Layout>
            {section(
              "Assistant",
              "How the assistant introduces itself and speaks.",
              <>
                {field("assistantName", "Assistant name")}
                {field("greeting", "Greeting", { multiline: 2, helpText: "The chat's first message." })}
                {field("tone", "Tone", { helpText: "For example: friendly and concise." })}
                {field("instructions", "Extra instructions", { multiline: 4 })}
                {select("defaultLanguage", "Default language", [
                  { label: "From the shopper", value: "" },
                  { label: "English", value: "en" },
                  { label: "Russian", value: "ru" },
                ])}
              </>,
            )}
            {section(
              "Contact details",
              "Given to shoppers when the assistant has no answer.",
              <>
                {field("contact.email", "Email", { type: "email" })}
                {field("contact.phone", "Phone", { type: "tel" })}
                {field("contact.hours", "Hours")}
                {field("contact.address", "Address")}
                {field("contact.url", "Contact page URL", { type: "url" })}
              </>,
            )}
            {section(
              "Widget",
              "Look, quick prompts and perks, per language. Snippet attributes still override them.",
              <>
                <InlineGrid columns={2} gap="300">
                  {field("color", "Colour", { helpText: "Hex, like #1a73e8." })}
                  {select("position", "Position", [
                    { label: "Bottom right", value: "bottom-right" },
                    { label: "Bottom left", value: "bottom-left" },
                  ])}
                </InlineGrid>
                {field("quickPrompts.en", "Quick prompts (English)", { multiline: 3, helpText: "One per line, up to 6." })}
                {field("quickPrompts.ru", "Quick prompts (Russian)", { multiline: 3, helpText: "One per line, up to 6." })}
                {(["en", "ru"] as const).map((lang) => (
                  <BlockStack gap="200" key={lang}>
                    <Text as="h3" variant="headingSm">
                      Perks ({lang === "en" ? "English" : "Russian"})
                    </Text>
                    <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                      {field(`perks.${lang}.freeShippingFrom`, "Free shipping from")}
                      {field(`perks.${lang}.returnsDays`, "Return days", { type: "number" })}
                      {field(`perks.${lang}.delivery`, "Delivery")}
                      {field(`perks.${lang}.warranty`, "Warranty")}
                    </InlineGrid>
                  </BlockStack>
                ))}
              </>,
            )}
            {section(
              "Storefront origins",
              "Only these sites may call the widget API. Empty allows any site.",
              field("allowedOrigins", "Allowed origins", { multiline: 3, helpText: "One per line, like https://shop.example.com" }),
            )}
            {section(
              "Handoff to a person",
              "Where a shopper's request for a person is sent.",
              <>
                {field("handoff.email", "Email", { type: "email" })}
                {field("handoff.webhookUrl", "Webhook URL", { type: "url", helpText: "Each POST carries X-Palompy-Signature: sha256=<HMAC-SHA256 of the raw body with the secret below>." })}
                <Text as="p" variant="bodySm">
                  Signing secret: <code>{webhookSecret}</code>
                </Text>
              </>,
            )}
            {section(
              "Data and search",
              "Retention of chat logs and leads; words your shoppers use for the same thing.",
              <>
                {field("retentionDays", "Keep data for (days)", { type: "number" })}
                {field("synonyms", "Synonyms", { multiline: 4, helpText: "One group per line, comma-separated: parka, down jacket, puffer" })}
              </>,
            )}
          </Layout>
          <div>
            <Button submit variant="primary" loading={saving}>
              Save settings
            </Button>
          </div>
        </BlockStack>
      </Form>
    </Page>
  );
}

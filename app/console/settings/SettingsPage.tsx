import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { FormFailure } from "../route.server";
import { RevealSecret } from "./RevealSecret";
import { RESEND_HANDOFF_CONFIRMATION } from "./settings-form";

type Values = Record<string, string>;
export type HandoffEmailState = { address: string; status: "confirmed" | "vouched" | "waiting_for_confirmation"; confirmationSent?: boolean } | null;
type SaveResult = FormFailure | { ok: true; values: Values; handoffEmail: HandoffEmailState; resent?: boolean };

const RESEND_FORM_ID = "resend-handoff-confirmation";

/** What the handoff address field says about the address: mail goes only to a confirmed one. */
function handoffEmailNote(state: HandoffEmailState): string | undefined {
  if (!state) return undefined;
  if (state.status === "confirmed") return `${state.address} is confirmed: shoppers' requests are emailed there.`;
  if (state.status === "vouched") return `${state.address} is your store's contact email: shoppers' requests are emailed there.`;
  const sent = state.confirmationSent === false ? " Too many confirmation emails were sent this hour; save the address again later." : "";
  return `Waiting for confirmation: nothing is emailed to ${state.address} until someone opens the link we sent there and confirms.${sent}`;
}

/** `quickPrompts.en[2]` → `quickPrompts.en`: list fields are edited as one text area. */
const formFieldOf = (field: string | undefined) => field?.replace(/\[\d+\][^]*/, "");

/**
 * Everything the merchant can set: the assistant, contacts, the widget's look and prompts, handoff, privacy, search synonyms.
 * `saveBar`: inside Shopify's admin the form carries `data-save-bar`, so App Bridge shows the admin's
 * own save bar while it has unsaved changes (its Save submits the form, Discard resets it).
 */
export function SettingsPage({
  values: initial,
  csrfToken,
  webhookSecret,
  handoffEmail: loadedHandoffEmail,
  saveBar = false,
}: {
  values: Values;
  csrfToken: string;
  webhookSecret: string;
  handoffEmail: HandoffEmailState;
  saveBar?: boolean;
}) {
  const result = useActionData<SaveResult>();
  const saving = useNavigation().state === "submitting";
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  useEffect(() => {
    if (result && "ok" in result) {
      setValues(result.values);
      setSaved(result.values);
    }
  }, [result]);
  const failure = result && "error" in result ? result.error : undefined;
  const handoffEmail = result && "ok" in result ? result.handoffEmail : loadedHandoffEmail;
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
      <Form method="post" data-save-bar={saveBar ? "" : undefined} onReset={saveBar ? () => setValues(saved) : undefined}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <BlockStack gap="400">
          {failure && (
            <Banner tone="critical" title="Not saved">
              {failure.message}
            </Banner>
          )}
          {result && "ok" in result && !result.resent && <Banner tone="success">Settings saved. The widget picks them up within a minute.</Banner>}
          {result && "ok" in result && result.resent && result.handoffEmail?.confirmationSent && (
            <Banner tone="success">A new confirmation link was sent to {result.handoffEmail.address}.</Banner>
          )}
          <Layout>
            {section(
              "Assistant",
              "How the assistant introduces itself and speaks.",
              <>
                {field("assistantName", "Assistant name")}
                {field("greeting.en", "Greeting (English)", { multiline: 2, helpText: "The chat's first message to shoppers writing in English. Empty: a built-in greeting." })}
                {field("greeting.ru", "Greeting (Russian)", { multiline: 2, helpText: "The same for shoppers writing in Russian." })}
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
                {field("handoff.email", "Email", { type: "email", helpText: handoffEmailNote(handoffEmail) })}
                {handoffEmail?.status === "waiting_for_confirmation" && (
                  // Belongs to its own form (below), so Enter in a field still saves the settings.
                  <div>
                    <button type="submit" form={RESEND_FORM_ID} disabled={saving}>
                      Send the confirmation link again
                    </button>
                  </div>
                )}
                {field("handoff.webhookUrl", "Webhook URL", { type: "url", helpText: "Each POST carries X-Palompy-Signature: sha256=<HMAC-SHA256 of the raw body with the secret below>." })}
                <RevealSecret label="Signing secret" secret={webhookSecret} />
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
      <Form method="post" id={RESEND_FORM_ID}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="intent" value={RESEND_HANDOFF_CONFIRMATION} />
      </Form>
    </Page>
  );
}

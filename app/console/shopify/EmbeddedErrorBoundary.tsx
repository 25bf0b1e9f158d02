import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { ConsoleProviders } from "../shell/ConsoleShell";

/**
 * The embedded pages' error boundary: the console's own refusals (a JSON `{ message }`, e.g. 404 for
 * a record of another shop) as a Polaris banner; anything else goes to Shopify's boundary, which
 * must render its auth responses (the session-token bounce) for embedded redirects to work.
 */
export function EmbeddedErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && typeof (error.data as { message?: unknown } | null)?.message === "string") {
    return (
      <ConsoleProviders>
        <Page title={error.status === 404 ? "Not found" : "Error"} backAction={{ content: "Home", url: "/app" }}>
          <Banner tone="critical">{(error.data as { message: string }).message}</Banner>
        </Page>
      </ConsoleProviders>
    );
  }
  return boundary.error(error);
}

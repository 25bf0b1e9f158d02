import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { consoleShellLoader } from "~/console/shell/shell.server";
import { ConsoleProviders, ConsoleShell } from "~/console/shell/ConsoleShell";

// No favicon of our own yet: an empty one keeps browsers from asking for /favicon.ico.
export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  // The analytics and survey results charts.
  { rel: "stylesheet", href: polarisVizStyles },
  { rel: "icon", href: "data:," },
];
export const meta: MetaFunction = () => [{ title: "Palompy console" }];

export const loader = ({ request }: LoaderFunctionArgs) => consoleShellLoader(request);

/** The standalone merchant console (/admin/*): the frame once logged in, bare Polaris on the login pages. */
export default function AdminLayout() {
  const data = useLoaderData<typeof loader>();
  if (!data.shop) {
    return (
      <ConsoleProviders>
        <Outlet />
      </ConsoleProviders>
    );
  }
  return (
    <ConsoleShell shopName={data.shop.name} csrfToken={data.csrfToken} operator={data.operator}>
      <Outlet />
    </ConsoleShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error) && typeof error.data?.message === "string" ? error.data.message : "Something went wrong on our side.";
  return (
    <ConsoleProviders>
      <Page title={status === 404 ? "Not found" : "Error"} backAction={{ content: "Overview", url: "/admin" }}>
        <Banner tone="critical">{message}</Banner>
      </Page>
    </ConsoleProviders>
  );
}

import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { ConsolePathsProvider, EMBEDDED } from "~/console/console-paths";
import { EmbeddedErrorBoundary } from "~/console/shopify/EmbeddedErrorBoundary";
import { CONSOLE_NAVIGATION } from "~/console/shell/ConsoleShell";
import { requireShopify } from "~/http/shopify-route.server";
import { embeddedFrameHeaders } from "~/shopify/frame-headers.server";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  // The analytics and survey results charts.
  { rel: "stylesheet", href: polarisVizStyles },
];

// Shopify's admin shows its own title bar, but the frame's document still needs a title of its own
// (screen readers announce it; axe's document-title rule).
export const meta: MetaFunction = () => [{ title: "Palompy" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const shopify = await requireShopify();
  const { session } = await shopify.authenticate.admin(request);
  // Framable by Shopify's admin and the session's own store (not whatever ?shop= says).
  return data({ apiKey: process.env.SHOPIFY_API_KEY ?? "" }, { headers: embeddedFrameHeaders(shopify.addDocumentResponseHeaders, session.shop) });
}

/** The console's pages in Shopify's admin, listed in its sidebar by App Bridge (Home is the first link). */
const EMBEDDED_NAVIGATION = CONSOLE_NAVIGATION.filter((item) => !item.exact).map((item) => ({ label: item.label, to: item.url.replace(/^\/admin/, "/app") }));

/** The embedded admin's frame: App Bridge, Polaris and the app's navigation. */
export default function App() {
  const { apiKey } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">
          Overview
        </Link>
        {EMBEDDED_NAVIGATION.map((item) => (
          <Link key={item.to} to={item.to}>
            {item.label}
          </Link>
        ))}
      </NavMenu>
      <ConsolePathsProvider value={EMBEDDED}>
        <Outlet />
      </ConsolePathsProvider>
    </AppProvider>
  );
}

// Shopify needs its own error boundary and headers so that embedded redirects work; the console's
// own refusals (a JSON message) are shown as a page.
export const ErrorBoundary = EmbeddedErrorBoundary;

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

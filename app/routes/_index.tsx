import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Palompy — AI shopping assistant" }];

/**
 * Shopify opens the app URL (`/`) with `?shop&host&embedded=1&id_token…` on install and on every
 * open from the admin: like Shopify's Remix template, those requests go on to the embedded app
 * with the same query, where App Bridge starts and the session token is exchanged.
 */
export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
}

/** The app's home outside Shopify: what this server is and where its parts live. */
export default function Index() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 720, margin: "48px auto", lineHeight: 1.5, padding: "0 16px" }}>
      <h1>Palompy</h1>
      <p>
        An AI shopping assistant that answers shoppers from the store&apos;s own catalog, FAQ and policies, captures
        leads and runs short surveys.
      </p>
      <ul>
        <li>
          <a href="/demo">Demo storefront</a> with the widget (when started with <code>npm run demo</code>)
        </li>
        <li>
          <a href="/healthz">/healthz</a> and <a href="/readyz">/readyz</a>
        </li>
        <li>
          Standalone admin API: <code>POST /api/shops</code>, <code>POST /api/shops/:shopId/data</code>,{" "}
          <code>GET /api/shops/:shopId/knowledge</code> (bearer token)
        </li>
      </ul>
    </main>
  );
}

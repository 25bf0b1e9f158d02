import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { ssoLoader } from "~/console/session/login.server";

export const loader = ({ request }: LoaderFunctionArgs) => ssoLoader(request);

export default function AdminSso() {
  const data = useLoaderData<typeof loader>();
  return (
    <Page title="Palompy console" narrowWidth>
      <Banner tone="critical" title="Cannot log in">
        {data.error}
      </Banner>
    </Page>
  );
}

import { Form, Link as RemixLink, useLocation, useSubmit } from "@remix-run/react";
import { AppProvider, Box, Button, Frame, Navigation, TopBar } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { useCallback, useState, type HTMLProps, type ReactNode } from "react";

type LinkLikeComponentProps = Omit<HTMLProps<HTMLAnchorElement>, "target"> & { target?: "_blank" | "_self" | "_parent" | "_top"; url: string; external?: boolean; children?: ReactNode };

/** Polaris links become client-side Remix links. */
function Link({ url, children, external, ref: _ref, ...rest }: LinkLikeComponentProps) {
  if (external || /^https?:/.test(url) || url.endsWith(".csv")) {
    return (
      <a href={url} {...rest}>
        {children}
      </a>
    );
  }
  return (
    <RemixLink to={url} {...(rest as Record<string, unknown>)}>
      {children}
    </RemixLink>
  );
}

export const CONSOLE_NAVIGATION = [
  { label: "Overview", url: "/admin", exact: true },
  { label: "Conversations", url: "/admin/conversations" },
  { label: "Leads", url: "/admin/leads" },
  { label: "Knowledge", url: "/admin/knowledge" },
  { label: "Surveys", url: "/admin/surveys" },
  { label: "Analytics", url: "/admin/analytics" },
  { label: "Revenue", url: "/admin/revenue" },
  { label: "Settings", url: "/admin/settings" },
  { label: "Install", url: "/admin/install" },
];

/** Polaris without the console frame (the login page). */
export function ConsoleProviders({ children }: { children: ReactNode }) {
  return (
    <AppProvider i18n={en} linkComponent={Link}>
      {children}
    </AppProvider>
  );
}

/** The standalone console's frame: navigation (a drawer under 768 px), the shop's name and log out. */
export function ConsoleShell(props: { shopName: string; csrfToken: string; operator: boolean; children: ReactNode }) {
  const location = useLocation();
  const submit = useSubmit();
  const [navOpen, setNavOpen] = useState(false);
  const [userMenuOpen, setUserMenuOpen] = useState(false);
  const toggleNav = useCallback(() => setNavOpen((open) => !open), []);
  const logOut = () => submit({ _csrf: props.csrfToken }, { method: "post", action: "/admin/logout" });

  const userMenu = (
    <TopBar.UserMenu
      name={props.shopName}
      detail={props.operator ? "Operator" : "Merchant"}
      initials={props.shopName.slice(0, 1).toUpperCase()}
      open={userMenuOpen}
      onToggle={() => setUserMenuOpen((open) => !open)}
      actions={[
        {
          items: [
            ...(props.operator ? [{ content: "Switch shop", url: "/admin/login?pick=1" }] : []),
            { content: "Log out", onAction: logOut },
          ],
        },
      ]}
    />
  );
  const navigation = (
    <Navigation location={location.pathname}>
      <Navigation.Section
        items={CONSOLE_NAVIGATION.map((item) => ({
          ...item,
          selected: item.exact ? location.pathname === item.url || location.pathname === `${item.url}/` : location.pathname.startsWith(item.url),
          onClick: () => setNavOpen(false),
        }))}
      />
      <Box padding="400">
        <Form method="post" action="/admin/logout">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <Button submit variant="plain">
            Log out
          </Button>
        </Form>
      </Box>
    </Navigation>
  );
  return (
    <ConsoleProviders>
      <Frame
        topBar={<TopBar showNavigationToggle userMenu={userMenu} onNavigationToggle={toggleNav} />}
        navigation={navigation}
        showMobileNavigation={navOpen}
        onNavigationDismiss={toggleNav}
        skipToContentTarget={undefined}
      >
        {props.children}
      </Frame>
    </ConsoleProviders>
  );
}

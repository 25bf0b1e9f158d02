import { Link } from "@shopify/polaris";
import { richTextTokens } from "~/chat/rich-text-tokens";
import { IMPORT_LINK_BASE, isSafeLink } from "~/knowledge/safe-link";

/**
 * An answer as the shopper saw it in the widget: the same Markdown subset and the same link rule,
 * with paths resolved against the page the shopper chatted on (the widget's document base). Without
 * that page a path has no storefront to open on, so it stays text. Line breaks are kept.
 */
export function AnswerText({ text, pageUrl }: { text: string; pageUrl: string | null }) {
  return (
    <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {richTextTokens(text).map((token, index) => {
        if (token.kind === "bold") return <strong key={index}>{token.text}</strong>;
        if (token.kind === "text") return token.text;
        const href = linkTarget(token.url, pageUrl);
        return href ? (
          <Link key={index} url={href} external>
            {token.text}
          </Link>
        ) : (
          token.text
        );
      })}
    </div>
  );
}

function linkTarget(url: string, pageUrl: string | null): string | undefined {
  if (url.startsWith("/")) {
    if (!pageUrl || !isSafeLink(pageUrl, pageUrl) || !isSafeLink(url, pageUrl)) return undefined;
    return new URL(url, pageUrl).href;
  }
  return isSafeLink(url, IMPORT_LINK_BASE) ? url : undefined;
}

import type { ComplexAction } from "@shopify/polaris";
import { createContext, useContext } from "react";

/**
 * Where the console's pages are mounted: /admin standalone, /app inside Shopify's admin. The pages
 * are the same components in both places, so their links ask this instead of naming a path.
 */
export interface ConsolePaths {
  base: string;
  /**
   * Inside Shopify's admin a plain link carries no session token, so a download would be sent to
   * Shopify's login instead: it is fetched (App Bridge adds the token to same-origin fetches) and saved.
   */
  fetchDownloads: boolean;
}

const STANDALONE: ConsolePaths = { base: "/admin", fetchDownloads: false };
export const EMBEDDED: ConsolePaths = { base: "/app", fetchDownloads: true };

const ConsolePathsContext = createContext<ConsolePaths>(STANDALONE);
export const ConsolePathsProvider = ConsolePathsContext.Provider;

/** The URL of a console page, e.g. `path("/leads")`; "" is the overview. */
export function useConsolePath(): (path: string) => string {
  const { base } = useContext(ConsolePathsContext);
  return (path) => `${base}${path}`;
}

/** A Polaris page action that downloads `url` (a CSV) the way the console's host allows. */
export function useDownloadAction(content: string, url: string): ComplexAction {
  const { fetchDownloads } = useContext(ConsolePathsContext);
  if (!fetchDownloads) return { content, url, external: true };
  return { content, onAction: () => void saveDownload(url) };
}

async function saveDownload(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) {
    notify("The download failed; reload the page and try again.");
    return;
  }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "download.csv";
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.click();
  // The click has handed the blob to the browser's download; give it a moment before releasing it.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** App Bridge's toast when it is there (embedded), else nothing more than the console's log. */
function notify(message: string): void {
  const bridge = (globalThis as { shopify?: { toast?: { show: (text: string) => void } } }).shopify;
  if (bridge?.toast) bridge.toast.show(message);
  else console.warn(message);
}

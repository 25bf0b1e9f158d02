/** The app embed block (extensions/palompy-chat/blocks/chat-embed.liquid) and its extension. */
export const EMBED_BLOCK_HANDLE = "chat-embed";
export const THEME_EXTENSION_HANDLE = "palompy-chat";

/** Theme editor link that opens App embeds with Palompy's embed switched on, ready to save. */
export function themeEditorDeepLink(shopDomain: string, apiKey: string): string {
  return `https://${shopDomain}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${EMBED_BLOCK_HANDLE}`;
}

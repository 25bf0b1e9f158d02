import type { Track } from "./analytics";
import type { WidgetConfig } from "./config";

export interface LeadDetail {
  name: string | null;
  email: string | null;
  phone: string | null;
  intent: string | null;
  orderNumber: string | null;
  preferredContact: string | null;
  notes: string | null;
  sessionId: string;
  pageUrl: string;
}

export type ToggleSource = "launcher" | "api" | "escape" | "close_button" | "restore";

/** What the loader hands the lazily loaded chat panel. */
export interface WidgetHost {
  config: WidgetConfig;
  root: ShadowRoot;
  container: HTMLElement;
  launcher: HTMLButtonElement;
  sessionId: string;
  track: Track;
  emitLead(collected: Record<string, unknown>): void;
  /** Keeps the launcher's state (aria-expanded, icon) in step with the panel. */
  setLauncherOpen(open: boolean): void;
}

export interface ChatController {
  open(source: ToggleSource): void;
  close(source: ToggleSource): void;
  isOpen(): boolean;
  send(text: string, source?: string): void;
}

/** The chat chunk registers its mount function here; the loader calls it once the chunk has loaded. */
export const CHAT_MOUNT_GLOBAL = "__palompyChatMount";
export type MountChat = (host: WidgetHost, restoreOpen: boolean) => ChatController;

/** sessionStorage key of the open conversation (survives navigation between store pages). */
export const conversationKey = (shopPublicKey: string) => `palompy:${shopPublicKey}:conversation`;

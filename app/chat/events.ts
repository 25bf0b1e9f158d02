import type { ChatSource } from "./context";
import type { CollectedData } from "./lead-fields";

/** The full record of one answered turn: the JSON reply and the SSE `done` event. */
export interface ChatReply {
  answer: string;
  sources: ChatSource[];
  collectedData: CollectedData;
  language: string;
  messageId: string;
  conversationId: string;
  /** Offer the shopper to leave contact details for a person (asked for one, or no answer was found). */
  handoff: boolean;
  /** After this much inactivity the conversation ends and the widget starts a new session id. */
  sessionIdleHours: number;
}

/** What a turn emits, in order: sources, tokens…, lead (when contact data was captured), done — or error. */
export type ChatEvent =
  | { type: "sources"; sources: ChatSource[] }
  | { type: "token"; text: string }
  | { type: "lead"; collectedData: CollectedData }
  | { type: "done"; reply: ChatReply }
  | { type: "error"; code: string; message: string };

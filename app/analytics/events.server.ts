import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { WidgetEventInput } from "./events-schema";

/** A shopper's clock may run ahead; an event is never stored as happening after we received it. */
const MAX_CLOCK_SKEW_MS = 60_000;

export async function recordWidgetEvents(
  prisma: PrismaClient,
  input: { shopId: string; sessionId: string; events: WidgetEventInput[] },
  now = new Date(),
): Promise<number> {
  const latest = now.getTime() + MAX_CLOCK_SKEW_MS;
  const result = await prisma.widgetEvent.createMany({
    data: input.events.map((event) => ({
      shopId: input.shopId,
      sessionId: input.sessionId,
      type: event.type,
      pageUrl: event.pageUrl ?? null,
      metadata: (event.metadata ?? {}) as Prisma.InputJsonValue,
      occurredAt: event.occurredAt.getTime() > latest ? now : event.occurredAt,
    })),
  });
  return result.count;
}

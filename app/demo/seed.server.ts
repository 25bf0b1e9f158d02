import type { AppContext } from "~/app-context";
import type { Prisma } from "~/generated/prisma/client";
import { parseImportPayload } from "~/knowledge/payload";
import { importKnowledge } from "~/knowledge/store.server";
import { readShopSettings } from "~/shops/settings";
import { createShop, findShopByDomain } from "~/shops/shops.server";
import { pickText } from "~/surveys/questions";
import { DEMO_CATALOG, DEMO_STORE } from "./catalog";
import { DEMO_GREETINGS, DEMO_QUICK_PROMPTS } from "./storefront.server";
import { DEMO_SURVEY } from "./survey";

/**
 * Creates the demo store on first start and re-imports its catalog on every start: the import is
 * an upsert by content hash, so an unchanged catalog costs no embedding and duplicates nothing.
 */
export async function ensureDemoStore({ db, embedder }: Pick<AppContext, "db" | "embedder">) {
  const prisma = db.prisma;
  const shop =
    (await findShopByDomain(prisma, "standalone", DEMO_STORE.domain)) ??
    (await createShop(prisma, { name: DEMO_STORE.name, domain: DEMO_STORE.domain }));
  const parsed = parseImportPayload(DEMO_CATALOG);
  if (!parsed.ok) throw new Error(`The demo catalog is invalid at ${parsed.field}: ${parsed.message}`);
  const result = await importKnowledge(prisma, embedder, shop.id, parsed.data, { mode: "full" });

  // Defaults only where the demo has none: what the console changed survives a restart.
  const stored = await prisma.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { settings: true } });
  const settings = readShopSettings(stored.settings);
  if (!settings.greeting || !settings.quickPrompts) {
    const raw = stored.settings && typeof stored.settings === "object" && !Array.isArray(stored.settings) ? (stored.settings as Prisma.InputJsonObject) : {};
    await prisma.shop.update({
      where: { id: shop.id },
      data: { settings: { ...raw, greeting: settings.greeting ?? DEMO_GREETINGS, quickPrompts: settings.quickPrompts ?? DEMO_QUICK_PROMPTS } },
    });
  }

  const hasSurvey = await prisma.survey.count({ where: { shopId: shop.id } });
  if (hasSurvey === 0) {
    await prisma.survey.create({
      data: {
        shopId: shop.id,
        title: pickText(DEMO_SURVEY.titles),
        titles: DEMO_SURVEY.titles,
        questions: DEMO_SURVEY.questions as unknown as Prisma.InputJsonValue,
        active: true,
      },
    });
  } else {
    // A demo store seeded before surveys had per-language titles gets its Russian title.
    await prisma.survey.updateMany({
      where: { shopId: shop.id, title: DEMO_SURVEY.titles.en, titles: { equals: {} } },
      data: { titles: DEMO_SURVEY.titles },
    });
  }
  return { shopId: shop.id, publicKey: shop.publicKey, name: shop.name, chunks: result.chunks, embedded: result.embedded };
}

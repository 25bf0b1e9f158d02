import { DEMO_CATALOG, DEMO_STORE } from "~/demo/catalog";
import type { StoreFixture } from "./compact";
import type { StoreKey } from "./questions";
import { BEAUTY_STORE } from "./store-beauty-ru";
import { BOOKS_STORE } from "./store-books-ru";
import { GADGETS_STORE } from "./store-gadgets-bilingual";
import { HOME_STORE } from "./store-home-bilingual";
import { KIDS_STORE } from "./store-kids-en";
import { PETS_STORE } from "./store-pets-en";

const DEMO: StoreFixture = {
  key: "demo",
  name: DEMO_STORE.name,
  contact: { email: DEMO_STORE.supportEmail, phone: DEMO_STORE.supportPhone },
  payload: DEMO_CATALOG as unknown as StoreFixture["payload"],
};

/** The eval's stores by key: six written for it (the gadget shop for the unseen set, the kids' shop for the unseen2 set, the beauty shop for the unseen3 set), and the demo store as the app ships it. */
export const SHOPPER_STORES: Record<StoreKey, StoreFixture> = {
  "books-ru": BOOKS_STORE,
  "pets-en": PETS_STORE,
  "home-bilingual": HOME_STORE,
  "gadgets-bilingual": GADGETS_STORE,
  "kids-en": KIDS_STORE,
  "beauty-ru": BEAUTY_STORE,
  demo: DEMO,
};

import { defineConfig } from "vitest/config";
import base from "./vitest.config";

/**
 * The PostgreSQL pass (scripts/test.sh, through scripts/postgres-test-server.sh): the files whose
 * behaviour depends on the database engine run again on a real PostgreSQL server with pgvector,
 * each file on its own database (test/support/db.ts), plus the tests of several app instances on
 * one database (test/postgres/). The rest of the suite runs on PGlite only.
 */
export const POSTGRES_PASS = [
  "test/postgres/**/*.test.ts",
  // Migrations, readiness, the job queue (pg-boss) and retention.
  "test/db/*.test.ts",
  "test/jobs/*.test.ts",
  // The admin API and imports (jobs through the HTTP app).
  "test/api/*.test.ts",
  // Rate limits (counters in the database).
  "test/http/rate-limit.test.ts",
  "test/http/abuse-limits.test.ts",
  "test/http/widget-call-limits.test.ts",
  // Retrieval: HNSW with iterative scans, full text, the knowledge store; a chat turn end to end.
  "test/knowledge/retrieve.test.ts",
  "test/knowledge/store.test.ts",
  "test/knowledge/lexical-bound.test.ts",
  "test/knowledge/term-weights.test.ts",
  "test/knowledge/item-texts.test.ts",
  "test/knowledge/planner-statistics.test.ts",
  "test/knowledge/retrieve-all.test.ts",
  "test/knowledge/chunk-rows-inline.test.ts",
  "test/chat/routes.offline.test.ts",
  // A lead enriched by a later turn, in the log row's statement on either database.
  "test/chat/lead-privacy.test.ts",
  // Whether the session has a lead to enrich, read by the turn's opening statement through the routes.
  "test/chat/lead-enrichment-route.test.ts",
  // Whether the reply waits for the turn's log row: only where another connection may read first.
  "test/chat/log-after-reply.test.ts",
  "test/console/links-retention.test.ts",
  // Shopify and WooCommerce sync, webhooks and install.
  "test/shopify/sync.test.ts",
  "test/shopify/webhooks.test.ts",
  "test/shopify/install.test.ts",
  "test/woocommerce/connector.test.ts",
  "test/woocommerce/routes.test.ts",
  // Revenue: attribution and holdout queries (jsonb sources, count distinct over page views).
  "test/revenue/orders-api.test.ts",
];

// Replaced, not merged: mergeConfig would append these lists to the base's.
export default defineConfig({ ...base, test: { ...base.test, include: POSTGRES_PASS, exclude: ["**/node_modules/**"] } });

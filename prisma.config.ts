// Prisma CLI configuration. The JS engine runs `migrate` and `generate` with no native binary
// download (our machines and air-gapped customers cannot reach Prisma's binary host).
// The app itself applies the committed migrations on start (app/db/migrate.server.ts); this file
// serves developers who run `npm run prisma -- migrate dev --create-only` to write a new one.
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";

// schema.prisma needs a syntactically valid URL even when the adapter is PGlite.
process.env.PRISMA_DATASOURCE_URL ??= process.env.DATABASE_URL ?? "postgresql://pglite@localhost/palompy";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    if (process.env.DATABASE_URL) return new PrismaPg({ connectionString: process.env.DATABASE_URL });
    const dir = path.resolve(process.env.PALOMPY_DATA_DIR ?? ".data", "prisma-cli");
    fs.mkdirSync(dir, { recursive: true });
    // Typed against an older driver-adapter-utils than Prisma 6.19; the runtime contract is the same.
    return new PrismaPGlite(new PGlite(dir, { extensions: { vector, unaccent } })) as unknown as PrismaPg;
  },
});

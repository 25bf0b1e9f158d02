import { getAppContext } from "~/context.server";
import { pendingMigrations } from "~/db/migrate.server";
import { jsonResponse } from "~/http/errors";

/** Readiness: the database answers and every committed migration is applied. */
export async function loader() {
  const headers = { "cache-control": "no-store" };
  try {
    const { db } = await getAppContext();
    await db.runner.query("SELECT 1");
    const pending = await pendingMigrations(db.runner);
    if (pending.length > 0) return jsonResponse({ status: "not_ready", pendingMigrations: pending }, { status: 503, headers });
    return jsonResponse({ status: "ready", database: db.kind }, { headers });
  } catch (error) {
    return jsonResponse({ status: "not_ready", error: (error as Error).message }, { status: 503, headers });
  }
}

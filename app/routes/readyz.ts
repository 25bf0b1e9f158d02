import { getAppContext } from "~/context.server";
import { checkReadiness } from "~/db/readiness.server";
import { jsonResponse } from "~/http/errors";

/** Readiness: the database answers, every migration is applied and pgvector supports iterative scans. */
export async function loader() {
  const headers = { "cache-control": "no-store" };
  try {
    const { db } = await getAppContext();
    const readiness = await checkReadiness(db.runner);
    if (!readiness.ready) {
      return jsonResponse({ status: "not_ready", reason: readiness.problems.join("; "), ...readiness }, { status: 503, headers });
    }
    return jsonResponse({ status: "ready", database: db.kind, pgvector: readiness.pgvector }, { headers });
  } catch (error) {
    return jsonResponse({ status: "not_ready", reason: (error as Error).message }, { status: 503, headers });
  }
}

import { pendingMigrations, type SqlRunner } from "./migrate.server";

/** Iterative index scans (hnsw.iterative_scan), which shop-filtered vector search relies on. */
export const MIN_PGVECTOR_VERSION = "0.8.0";

export interface Readiness {
  ready: boolean;
  /** What is wrong, in words an operator can act on; empty when ready. */
  problems: string[];
  pgvector: string | null;
  pendingMigrations: string[];
}

/** Why a pgvector version cannot serve retrieval correctly, or null when it can. */
export function pgvectorProblem(version: string | null): string | null {
  if (!version) return "the pgvector extension is not installed (CREATE EXTENSION vector)";
  if (compareVersions(version, MIN_PGVECTOR_VERSION) < 0) {
    return `pgvector ${version} is too old: ${MIN_PGVECTOR_VERSION} or newer is needed for iterative HNSW scans (without them a shop's vector search can silently return too few results); upgrade the extension (ALTER EXTENSION vector UPDATE) or use the pgvector/pgvector:pg17 image`;
  }
  return null;
}

/** The database answers, every committed migration is applied and pgvector is recent enough. */
export async function checkReadiness(runner: SqlRunner): Promise<Readiness> {
  const [extension] = await runner.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
  const pending = await pendingMigrations(runner);
  const problems: string[] = [];
  if (pending.length) problems.push(`migrations not applied: ${pending.join(", ")}`);
  const pgvector = extension?.extversion ?? null;
  const vectorProblem = pgvectorProblem(pgvector);
  if (vectorProblem) problems.push(vectorProblem);
  return { ready: problems.length === 0, problems, pgvector, pendingMigrations: pending };
}

export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

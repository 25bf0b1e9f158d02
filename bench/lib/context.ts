export interface HeadlineRow {
  metric: string;
  ours: string;
  baseline: string;
  ratio: string;
}

/** A candidate for the report's "weakest spot" paragraph. */
export interface WeakSpot {
  /** "quality": a low score (0..1, lower is weaker); "latency": a slow path (ms, higher is slower). */
  kind: "quality" | "latency";
  what: string;
  value: number;
  display: string;
  fix: string;
}

export interface SectionOutput {
  markdown: string;
  data: unknown;
  headline?: HeadlineRow[];
  weakSpots?: WeakSpot[];
  /** Set when part of the section was skipped on purpose (e.g. a size that did not fit the time budget). */
  partial?: string;
}

export interface BenchContext {
  root: string;
  /** Epoch ms by which the whole run should be done. */
  deadline: number;
  remainingMs(): number;
  log(message: string): void;
  /** Builds the app once (npm run build) and returns an error message if it failed. */
  ensureBuild(): Promise<void>;
}

/** Thrown when a section's dependency is missing: the section reports "not run: <reason>". */
export class NotRun extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "NotRun";
  }
}

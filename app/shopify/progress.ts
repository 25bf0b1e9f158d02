import type { ProgressReporter } from "~/jobs/types";

export type { ProgressReporter };

export const noProgress: ProgressReporter = async () => {};

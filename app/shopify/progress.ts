/**
 * The job queue's progress callback (app/jobs, helper `infra`). Declared here until that module is
 * merged; the shape is the shared contract, so the coordinator only has to point this import there.
 */
export type ProgressReporter = (update: { done?: number; total?: number; error?: { item?: string; message: string } }) => Promise<void>;

export const noProgress: ProgressReporter = async () => {};

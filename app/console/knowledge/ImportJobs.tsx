import { useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { KnowledgePageData } from "./knowledge.server";

type ImportJob = KnowledgePageData["imports"][number];

/** How often the page reloads its data while an import is queued or running. */
const IMPORT_POLL_MS = 2_000;

const STATE_TONES = { queued: "info", running: "attention", succeeded: "success", failed: "critical" } as const;

const isActive = (job: ImportJob) => job.state === "queued" || job.state === "running";
const count = (n: number | null) => (n === null ? "?" : n.toLocaleString("en"));

/**
 * How an import this page saw running has ended, for a live region: the bar and the badge change
 * silently, so a screen reader user would not learn that the upload is done (WCAG 4.1.3).
 */
function useImportOutcome(jobs: ImportJob[]): string {
  const watched = useRef(new Set<string>());
  const [outcome, setOutcome] = useState("");
  useEffect(() => {
    for (const job of jobs) {
      if (isActive(job)) watched.current.add(job.id);
      else if (watched.current.delete(job.id))
        setOutcome(job.state === "succeeded" ? `Import finished: ${count(job.done)} of ${count(job.total)} items.` : `Import failed: ${job.lastError ?? "unknown error"}`);
    }
  }, [jobs]);
  return outcome;
}

/** The latest imports; while one is queued or running the page refreshes itself to move its bar. */
export function ImportJobs({ jobs }: { jobs: ImportJob[] }) {
  const revalidator = useRevalidator();
  const active = jobs.some(isActive);
  const outcome = useImportOutcome(jobs);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, IMPORT_POLL_MS);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  return (
    <>
      {/* Always rendered, outcome or not: screen readers announce changes to a live region they already know. */}
      <Text as="p" visuallyHidden>
        <span role="status">{outcome}</span>
      </Text>
      {jobs.length > 0 && <ImportList jobs={jobs} />}
    </>
  );
}

function ImportList({ jobs }: { jobs: ImportJob[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Imports
        </Text>
        {jobs.map((job) => {
          const percent = job.total ? Math.round((100 * job.done) / job.total) : job.state === "succeeded" ? 100 : 0;
          return (
            <BlockStack gap="100" key={job.id}>
              <InlineStack gap="200" blockAlign="center">
                <Badge tone={STATE_TONES[job.state]}>{job.state}</Badge>
                <Text as="span" variant="bodySm" tone="subdued" id={`import-${job.id}`}>
                  {`Import of ${new Date(job.createdAt).toLocaleString("en")} · ${count(job.done)} of ${count(job.total)} items${job.errorCount ? ` · ${job.errorCount} errors` : ""}`}
                </Text>
              </InlineStack>
              {isActive(job) && <ProgressBar progress={percent} size="small" ariaLabelledBy={`import-${job.id}`} />}
              {job.state === "failed" && job.lastError && (
                <Text as="p" tone="critical">
                  {job.lastError}
                </Text>
              )}
            </BlockStack>
          );
        })}
      </BlockStack>
    </Card>
  );
}

import { lazy, Suspense, useEffect, useState } from "react";
import type { ChartSeries } from "./chart-series";

export type { ChartSeries } from "./chart-series";

const makeInert = (element: HTMLDivElement | null) => element?.setAttribute("inert", "");

const VizChart = lazy(() => import("./viz-chart"));

/**
 * A polaris-viz chart drawn after hydration (the library cannot render on the server). The box
 * keeps its height from the first paint so nothing jumps, and carries a text summary for screen
 * readers; the numbers themselves are also in the page's tables. The drawing itself is inert (out
 * of the accessibility tree and the tab order): polaris-viz marks its SVG as a list whose items it
 * does not always mark, and puts focusable points inside what is announced as one image (axe:
 * aria-required-children, nested-interactive). React 18 has no `inert` prop, hence the ref.
 */
export function ClientChart(props: { kind: "line" | "bar"; series: ChartSeries[]; label: string; height?: number; horizontal?: boolean }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const height = props.height ?? 260;
  return (
    <div role="img" aria-label={props.label} style={{ height }}>
      {mounted ? (
        <div ref={makeInert} style={{ height: "100%" }}>
          <Suspense fallback={null}>
            <VizChart kind={props.kind} series={props.series} horizontal={props.horizontal} />
          </Suspense>
        </div>
      ) : null}
    </div>
  );
}

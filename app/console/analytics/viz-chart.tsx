import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import type { ChartSeries } from "./chart-series";

/**
 * The polaris-viz chart itself: loaded only in the browser (the library reads `window` while
 * rendering), by ClientChart. Its stylesheet is `@shopify/polaris-viz/build/esm/styles.css`.
 * Lines are straight segments: the library's default spline overshoots between points, so a day
 * without data would appear to rise above zero.
 */
const THEMES = { Light: { line: { hasSpline: false } } };

export default function VizChart(props: { kind: "line" | "bar"; series: ChartSeries[]; horizontal?: boolean }) {
  const data = props.series.map((s) => ({ name: s.name, data: s.points.map((p) => ({ key: p.key, value: p.value })) }));
  return (
    <PolarisVizProvider themes={THEMES}>
      {props.kind === "line" ? (
        <LineChart data={data} theme="Light" />
      ) : (
        <BarChart data={data} theme="Light" direction={props.horizontal ? "horizontal" : "vertical"} showLegend={props.series.length > 1} />
      )}
    </PolarisVizProvider>
  );
}

/** One line or bar group of a chart: shared by ClientChart and the lazily loaded viz-chart, so neither imports the other's module for it. */
export interface ChartSeries {
  name: string;
  points: { key: string; value: number }[];
}

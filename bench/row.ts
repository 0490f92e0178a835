/** One line of the benchmark table. `ratio` is against the row's stated reference. */
export interface BenchRow {
  name: string;
  value: number;
  unit: 'ms' | 's' | 'MB' | 'MB/s';
  goal?: string;
  ratio?: number;
  ok?: boolean;
}

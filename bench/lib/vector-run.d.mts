// Types of vector-run.mjs for test/bench/vector-search.test.ts, which runs it at a tiny size.
import type { LatencySummary } from './live-check.mjs';
export interface VectorServer {
  host: string; port: number; user: string; database: string; kind: string;
  clientEnv: { PGPASSWORD: string }; dataDir: string; label: string; pid(): number | null;
}
export interface VectorOptions {
  n: number; dim: number; m: number; efConstruction: number; efs: number[];
  queries: number; exactQueries: number; connections: number; copyBatch: number; seed: number; gtCache: string;
}
export interface KnnRun { queries: number; latency: LatencySummary; qps: number; recall: number; ids: number[][] }
export interface VectorResult {
  problems: string[];
  load: { rows: number; seconds: number; rowsPerSecond: number };
  exact: KnnRun;
  index: { sql: string; built: boolean; buildSeconds?: number; refused?: { code: string; message: string } };
  ann: (KnnRun & { ef: number })[];
  exactWithIndex?: { recall?: number; refused?: { code: string; message: string } };
}
export function measureVectorSearch(server: VectorServer, options: VectorOptions, progress?: (message: string) => void): Promise<VectorResult>;

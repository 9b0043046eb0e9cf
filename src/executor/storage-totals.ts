/**
 * system.stats' storage figures, measured when it is read: RocksDB's bytes (files and memtables),
 * the segments' (from their manifests), and the data directory on disk — RocksDB's and the commit
 * log's directories listed (a few dozen files), the segments counted from the manifests rather
 * than walked.
 */
import { readdirSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { StorageTotals } from '../system/system-stats.js';
import type { Database } from './database.js';

function directoryBytes(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const s = statSync(join(dir, name));
      if (s.isFile()) total += s.size;
    } catch {
      // gone between the listing and the stat (RocksDB deletes obsolete files as it goes)
    }
  }
  return total;
}

function availableBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export function storageTotals(db: Database): StorageTotals {
  const cold = db.sizes.coldTotals();
  return {
    hotBytes: db.sizes.hot.totalBytes(),
    coldSegments: cold.segments,
    coldRows: cold.rows,
    coldBytes: cold.bytes,
    diskUsedBytes: directoryBytes(db.kv.location) + directoryBytes(join(db.dataDir, 'commit-log')) + cold.bytes,
    diskAvailableBytes: availableBytes(db.dataDir),
  };
}

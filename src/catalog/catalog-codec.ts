/** JSON for catalog records, with bigint and byte arrays preserved. */
export function encodeRecord(value: unknown): Buffer {
  return Buffer.from(
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return { $big: v.toString() };
      return v;
    }),
  );
}

export function decodeRecord<T>(buf: Buffer): T {
  return JSON.parse(buf.toString('utf8'), (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && '$big' in v && Object.keys(v).length === 1) {
      return BigInt((v as { $big: string }).$big);
    }
    return v;
  }) as T;
}

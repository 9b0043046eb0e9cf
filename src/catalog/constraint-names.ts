/**
 * Names PostgreSQL gives unnamed constraints and indexes (makeObjectName, ChooseRelationName,
 * ChooseConstraintName in its commands/indexcmds.c):
 *
 *   t (email) UNIQUE          → t_email_key      CREATE INDEX ON t (a, b) → t_a_b_idx
 *   t PRIMARY KEY             → t_pkey           CHECK (score >= 0)       → t_score_check
 *   FOREIGN KEY (user_id)     → t_user_id_fkey   CHECK (a < b)            → t_check
 *
 * A taken name gets a number on its label (t_email_idx1, t_x_check2). Names fit in 63 bytes:
 * the longer of the table and column parts is shortened first.
 */
const MAX_NAME_BYTES = 63;

function clip(s: string, bytes: number): string {
  let out = s;
  while (Buffer.byteLength(out, 'utf8') > bytes) out = out.slice(0, -1);
  return out;
}

export function makeObjectName(name1: string, name2: string | null, label: string): string {
  let overhead = label.length + 1 + (name2 !== null ? 1 : 0);
  let n1 = Buffer.byteLength(name1, 'utf8');
  let n2 = name2 !== null ? Buffer.byteLength(name2, 'utf8') : 0;
  const avail = MAX_NAME_BYTES - overhead;
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  overhead = 0;
  const head = clip(name1, n1);
  return name2 !== null ? `${head}_${clip(name2, n2)}_${label}` : `${head}_${label}`;
}

/** The first of base, base1, base2, … (numbering the label) that `taken` does not refuse. */
export function chooseName(name1: string, name2: string | null, label: string, taken: (name: string) => boolean): string {
  for (let i = 0; ; i++) {
    const name = makeObjectName(name1, name2, i === 0 ? label : `${label}${i}`);
    if (!taken(name)) return name;
  }
}

/** ChooseIndexColumnNames: the column names joined by '_' (PostgreSQL caps the buffer at 63 bytes). */
export function columnsPart(names: readonly string[]): string {
  return clip(names.join('_'), MAX_NAME_BYTES);
}

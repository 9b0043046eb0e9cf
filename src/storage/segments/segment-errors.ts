/** The errors a segment read can raise, each telling the caller what went wrong and where. */
import { SqlError } from '../../errors/sql-error.js';

/** XX001 data_corrupted: the file is not a segment this server wrote, or it was damaged. */
export function corruptSegment(msg: string, file?: string): SqlError {
  return new SqlError('XX001', `segment${file ? ` "${file}"` : ''} is corrupt: ${msg}`);
}

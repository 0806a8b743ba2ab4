/** Where the reference data written by others lives: `../shared/data` beside the checkout. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function sharedDataPath(...parts: string[]): string {
  return path.resolve(process.env.SHARED_DATA_DIR ?? path.join(repoRoot, '../shared/data'), ...parts);
}

/**
 * `safeguarding backup FILE` and `safeguarding restore FILE`, on the embedded database (DATA_DIR)
 * or on PostgreSQL (DATABASE_URL). A restore checks the file's checksum before it touches anything,
 * refuses to replace a database that holds tables unless forced, and afterwards checks the restored
 * database: the audit chain must verify and every table must hold the rows the backup recorded.
 */
import { verifyAuditChain } from '../audit/audit-log.ts';
import { openDatabase } from '../db/client.ts';
import { BackupError, type BackupManifest } from './file.ts';
import { compareRows, inventory } from './inventory.ts';
import { backupPglite, restorePglite } from './pglite.ts';
import { backupPostgres, restorePostgres } from './postgres.ts';

export { BackupError, type BackupManifest };
export { readBackupFile } from './file.ts';

/** Where the database is: PostgreSQL when databaseUrl is set, else PGlite in dataDir. */
export interface DatabaseLocation {
  databaseUrl?: string | undefined;
  dataDir: string;
}

export function backupDatabase(location: DatabaseLocation, file: string): Promise<BackupManifest> {
  return location.databaseUrl
    ? backupPostgres(location.databaseUrl, file)
    : backupPglite(location.dataDir, file);
}

export interface RestoreResult {
  manifest: BackupManifest;
  auditEntries: number;
  tables: number;
  replacedMovedTo: string | null;
}

/** The restored database failed its checks: it is in place, but must not be trusted. */
export class RestoreCheckError extends BackupError {}

export async function restoreDatabase(
  location: DatabaseLocation,
  file: string,
  options: { force: boolean },
): Promise<RestoreResult> {
  let manifest: BackupManifest;
  let replacedMovedTo: string | null = null;
  if (location.databaseUrl) {
    manifest = await restorePostgres(location.databaseUrl, file, options);
  } else {
    ({ manifest, replacedMovedTo } = await restorePglite(location.dataDir, file, options));
  }
  const database = await openDatabase({
    databaseUrl: location.databaseUrl,
    dataDir: location.dataDir,
    poolSize: 2,
  });
  try {
    const chain = await verifyAuditChain(database.db);
    const held = await inventory(async (text) => (await database.pool.query(text)).rows);
    const problems = compareRows(manifest.rows, held.rows);
    if (!chain.ok) problems.unshift(`the audit log does not verify: ${chain.message}`);
    else if (chain.entries !== manifest.auditEntries)
      problems.unshift(`the audit log has ${chain.entries} entries, the backup had ${manifest.auditEntries}`);
    if (problems.length) {
      throw new RestoreCheckError(
        `THE RESTORED DATABASE FAILED ITS CHECKS. It is in place, but do not start the service on it until this is explained:\n  ${problems.join('\n  ')}`,
      );
    }
    return {
      manifest,
      auditEntries: chain.entries,
      tables: Object.keys(held.rows).length,
      replacedMovedTo,
    };
  } finally {
    await database.close();
  }
}

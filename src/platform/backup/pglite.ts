/**
 * Backups of the embedded database: PGlite's own dump of its data directory (a gzipped tar), and a
 * restore that loads it into a new directory beside DATA_DIR and only then swaps it in, keeping the
 * replaced directory aside. PGlite is one process's database: the server must be stopped first
 * (PGlite keeps postmaster.pid in the directory while it is open, which is how we can tell).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client.ts';
import { BackupError, type BackupManifest, readBackupFile, writeBackupFile } from './file.ts';
import { type Query, inventory, userTables } from './inventory.ts';

const hasDatabase = (dataDir: string) => fs.existsSync(path.join(dataDir, 'PG_VERSION'));

function refuseIfOpen(dataDir: string) {
  if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
    throw new BackupError(
      `The embedded database in ${dataDir} is open in another process (or was not closed cleanly): stop the server first. If none is running, run "safeguarding migrate" once to open and close it cleanly.`,
    );
  }
}

async function withPglite<T>(
  dataDir: string,
  work: (query: Query, dump: () => Promise<Blob>) => Promise<T>,
  load?: Blob,
): Promise<T> {
  const database = await openDatabase({ dataDir, ...(load ? { loadDataDir: load } : {}) });
  try {
    const pglite = database.pglite!;
    return await work(
      async (text) => (await pglite.query<Record<string, unknown>>(text)).rows,
      () => pglite.dumpDataDir('gzip'),
    );
  } finally {
    await database.close();
  }
}

export async function backupPglite(dataDir: string, file: string): Promise<BackupManifest> {
  if (!hasDatabase(dataDir)) throw new BackupError(`There is no embedded database in ${dataDir} to back up`);
  refuseIfOpen(dataDir);
  const { held, serverVersion, bytes } = await withPglite(dataDir, async (query, dump) => ({
    held: await inventory(query),
    serverVersion: String((await query('SHOW server_version'))[0]!.server_version),
    bytes: new Uint8Array(await (await dump()).arrayBuffer()),
  }));
  return writeBackupFile(
    file,
    {
      kind: 'pglite',
      createdAt: new Date().toISOString(),
      ...held,
      dumpedWith: 'PGlite dumpDataDir (gzip)',
      serverVersion,
    },
    { bytes },
  );
}

export interface PgliteRestore {
  manifest: BackupManifest;
  /** Where the database that was replaced now is, if there was one with tables. */
  replacedMovedTo: string | null;
}

export async function restorePglite(
  dataDir: string,
  file: string,
  options: { force: boolean },
): Promise<PgliteRestore> {
  const { manifest, bytes } = await readBackupFile(file, 'memory');
  if (manifest.kind !== 'pglite') {
    throw new BackupError(
      `${file} is a backup of a PostgreSQL server; it restores only into PostgreSQL: set DATABASE_URL to an empty database`,
    );
  }
  let replaced: 'none' | 'empty' | 'tables' = 'none';
  if (hasDatabase(dataDir)) {
    refuseIfOpen(dataDir);
    const tables = await withPglite(dataDir, (query) => userTables(query));
    if (tables.length && !options.force) {
      throw new BackupError(
        `The embedded database in ${dataDir} is not empty (${tables.length} tables, e.g. ${tables.slice(0, 3).join(', ')}): nothing was restored. Restore into an empty DATA_DIR, or pass --force to replace it (it is kept aside).`,
      );
    }
    replaced = tables.length ? 'tables' : 'empty';
  } else if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length) {
    throw new BackupError(
      `${dataDir} holds files but no database: nothing was restored. Choose an empty DATA_DIR.`,
    );
  }
  const staging = `${dataDir}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    // Loading opens and checks the dump before the live directory is touched.
    await withPglite(staging, async () => {}, new Blob([new Uint8Array(bytes!)]));
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new BackupError(
      `The backup could not be loaded, nothing was restored: ${(error as Error).message}`,
    );
  }
  let replacedMovedTo: string | null = null;
  if (replaced === 'tables') {
    replacedMovedTo = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(dataDir, replacedMovedTo);
  } else if (fs.existsSync(dataDir)) {
    // A database without tables, or an empty directory (checked above): nothing to keep.
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  fs.renameSync(staging, dataDir);
  return { manifest, replacedMovedTo };
}

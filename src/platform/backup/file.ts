/**
 * The backup file: three header lines and the database's own dump.
 *
 *   SAFEGUARDING-HUB-BACKUP 1
 *   sha256 <64 hex digits>
 *   {"kind":"postgres", … the manifest as one line of JSON}
 *   <the dump: pg_dump -Fc, or PGlite's gzipped data directory>
 *
 * The checksum covers the manifest line and the dump, so a byte changed anywhere after the first
 * line is caught; a changed first line is not a backup at all. Restore checks it before it touches
 * the database. The file is written under a temporary name and renamed, so a backup that fails half
 * way never leaves a file that looks whole, and it is readable by its owner only: it holds
 * children's personal data.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

export const MAGIC = 'SAFEGUARDING-HUB-BACKUP 1';

export class BackupError extends Error {}

export interface BackupManifest {
  kind: 'pglite' | 'postgres';
  createdAt: string;
  /** The last migration applied to the database backed up. */
  migration: string | null;
  /** Entries in the audit log when it was backed up. */
  auditEntries: number;
  /** Rows in each of the product's tables (schema public), read in the same snapshot as the dump. */
  rows: Record<string, number>;
  /** The tool that made the dump: pg_dump's version line, or PGlite's version. */
  dumpedWith: string;
  /** The server's version (SHOW server_version). */
  serverVersion: string;
  payloadBytes: number;
}

/** Writes the header and then the dump (a file, copied in a stream, or bytes). */
export async function writeBackupFile(
  file: string,
  manifest: Omit<BackupManifest, 'payloadBytes'>,
  payload: { file: string } | { bytes: Uint8Array },
): Promise<BackupManifest> {
  const payloadBytes = 'file' in payload ? fs.statSync(payload.file).size : payload.bytes.byteLength;
  const full: BackupManifest = { ...manifest, payloadBytes };
  const manifestLine = Buffer.from(`${JSON.stringify(full)}\n`, 'utf8');
  const hash = createHash('sha256').update(manifestLine);
  if ('file' in payload) {
    for await (const chunk of fs.createReadStream(payload.file)) hash.update(chunk as Buffer);
  } else {
    hash.update(payload.bytes);
  }
  const partial = `${file}.partial-${process.pid}`;
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  try {
    out.write(`${MAGIC}\nsha256 ${hash.digest('hex')}\n`);
    out.write(manifestLine);
    if ('file' in payload) {
      await pipeline(fs.createReadStream(payload.file), out);
    } else {
      await new Promise<void>((resolve, reject) =>
        out.end(payload.bytes, (error?: Error | null) => (error ? reject(error) : resolve())),
      );
    }
    fs.renameSync(partial, file);
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return full;
}

/** The three header lines: where each starts, read from the start of the file. */
function readHeader(file: string): {
  checksum: string;
  manifestStart: number;
  payloadStart: number;
  manifest: BackupManifest;
} {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new BackupError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const head = Buffer.alloc(1 << 20);
    const length = fs.readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, length);
    const first = text.indexOf(10);
    const second = first < 0 ? -1 : text.indexOf(10, first + 1);
    const third = second < 0 ? -1 : text.indexOf(10, second + 1);
    if (first < 0 || text.subarray(0, first).toString('latin1') !== MAGIC) {
      throw new BackupError(`${file} is not a Safeguarding Hub backup (its first line is not "${MAGIC}")`);
    }
    const checksumLine = text.subarray(first + 1, second < 0 ? first + 1 : second).toString('latin1');
    const match = /^sha256 ([0-9a-f]{64})$/.exec(checksumLine);
    if (second < 0 || third < 0 || !match) {
      throw new BackupError(`${file} is damaged: its checksum line is missing or malformed`);
    }
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(text.subarray(second + 1, third).toString('utf8')) as BackupManifest;
    } catch {
      // The checksum would fail too; say what is wrong with the file rather than with JSON.
      manifest = { kind: 'unknown' } as unknown as BackupManifest;
    }
    return { checksum: match[1]!, manifestStart: second + 1, payloadStart: third + 1, manifest };
  } finally {
    fs.closeSync(fd);
  }
}

/** A writable that keeps what it is given, for PGlite's dump (which is loaded from memory). */
function collector(parts: Buffer[]) {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
}

/**
 * Reads the whole file once, checking its checksum while the dump is copied out (to a file of
 * our own, or into memory): what is restored is exactly what was checked, even if the backup file
 * changes meanwhile. Throws before anything is restored if a byte differs.
 */
export async function readBackupFile(
  file: string,
  into: { file: string } | 'memory',
): Promise<{ manifest: BackupManifest; bytes: Buffer | null }> {
  const header = readHeader(file);
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  const out = into === 'memory' ? collector(parts) : fs.createWriteStream(into.file, { mode: 0o600 });
  let position = header.manifestStart;
  await pipeline(
    fs.createReadStream(file, { start: header.manifestStart }),
    async function* (chunks) {
      for await (const chunk of chunks) {
        const buffer = chunk as Buffer;
        hash.update(buffer);
        const skip = Math.max(0, header.payloadStart - position);
        position += buffer.length;
        if (skip < buffer.length) yield buffer.subarray(skip);
      }
    },
    out,
  );
  if (hash.digest('hex') !== header.checksum) {
    if (into !== 'memory') fs.rmSync(into.file, { force: true });
    throw new BackupError(
      `${file} does not match its checksum: it was changed or damaged after it was written. Nothing was restored.`,
    );
  }
  return { manifest: header.manifest, bytes: into === 'memory' ? Buffer.concat(parts) : null };
}

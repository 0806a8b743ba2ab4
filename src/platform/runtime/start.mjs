/**
 * `npm start`: runs src/cli.ts as one bundle that esbuild builds from the TypeScript sources (in
 * about 0.2 s, again only when a source file changed), instead of through tsx's loader.
 *
 * On Node 20, tsx transpiles through module hooks that run on a thread of their own: every module
 * the server loads (some 600, 264 of them Kysely's) is a round trip to that thread, and the thread
 * keeps ~30 MB of memory for the life of the process. Measured on the server on PostgreSQL, idle:
 * 165–175 MB through tsx, 125–140 MB from the bundle; the first page half a second sooner.
 *
 * The bundle is the same code: esbuild is also what tsx transpiles with. Packages stay outside
 * it (loaded from node_modules as before, the lazy ones still lazily), each source file keeps its
 * own import.meta.url (so views, migrations and static files are found where they are), and
 * stack traces point into the TypeScript through a source map. Should the build fail, or esbuild
 * be missing, it runs through tsx as before.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const entry = path.join(root, 'src/cli.ts');
const BUILD_DIR = path.join(root, '.build');
/** Raised whenever the build below changes, so that older bundles are rebuilt. */
const BUILD_VERSION = 2;

/** size:mtime of a file, or null when it is gone. */
function stamp(file) {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/** The bundle of the last build, when no file it was built from has changed since. */
export function currentBundle(buildDir = BUILD_DIR) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(buildDir, 'cli.json'), 'utf8'));
    if (manifest.version !== BUILD_VERSION) return null;
    for (const [file, was] of Object.entries(manifest.inputs)) {
      if (stamp(path.join(root, file)) !== was) return null;
    }
    const bundle = path.join(buildDir, manifest.bundle);
    return fs.existsSync(bundle) ? bundle : null;
  } catch {
    return null;
  }
}

/** Each TypeScript file keeps its own import.meta.url: the bundle lives elsewhere. */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: 'ts',
      };
    });
  },
};

/** Writes a file under a temporary name, then renames it: a concurrent start never reads half of it. */
function writeAtomically(file, contents) {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, contents);
  fs.renameSync(partial, file);
}

/**
 * The bundle with every character outside ASCII written as a \\u escape. V8 keeps a module's source
 * for the life of the process, as one byte a character only when every character fits in one:
 * a single "–" in a comment doubled the bundle's 2 MB. esbuild escapes strings and templates
 * already; what is left is in comments and regular expressions, where \\uXXXX means the same
 * character (an astral one as its surrogate pair, which a /u expression reads as one). Columns
 * after such a character shift on its line only.
 */
export function asciiOnly(text) {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function buildBundle(buildDir = BUILD_DIR) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: path.join(buildDir, 'cli.mjs'),
    sourcemap: 'linked',
    // Stack traces need the map's lines, not a second copy of every source file: Node keeps the
    // parsed map for the life of the process, and the sources are on disk beside it.
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
    absWorkingDir: root,
    plugins: [keepImportMetaUrl],
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  if (!code || !map) throw new Error('esbuild wrote no bundle');
  const name = `cli-${createHash('sha256').update(code.contents).digest('hex').slice(0, 16)}.mjs`;
  const text = asciiOnly(code.text).replace(
    /\/\/# sourceMappingURL=cli\.mjs\.map\s*$/,
    `//# sourceMappingURL=${name}.map\n`,
  );
  fs.mkdirSync(buildDir, { recursive: true });
  writeAtomically(path.join(buildDir, `${name}.map`), map.contents);
  writeAtomically(path.join(buildDir, name), text);
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(root, input);
    inputs[path.relative(root, file)] = stamp(file);
  }
  writeAtomically(
    path.join(buildDir, 'cli.json'),
    JSON.stringify({ version: BUILD_VERSION, bundle: name, inputs }),
  );
  // Older bundles are of no more use.
  for (const old of fs.readdirSync(buildDir)) {
    if (/^cli-[0-9a-f]{16}\.mjs(\.map)?$/.test(old) && !old.startsWith(name))
      fs.rmSync(path.join(buildDir, old), { force: true });
  }
  return path.join(buildDir, name);
}

/**
 * Stack traces name the TypeScript file and line, through the bundle's source map, read when a
 * trace is first written. Node's own support (process.setSourceMapsEnabled) reads and keeps the
 * map from the moment the bundle loads: some 8 MB held by a server that may never throw.
 */
export function mapStackTraces(bundle) {
  const bundleUrl = pathToFileURL(bundle).href;
  const mapDir = path.dirname(bundle);
  /** undefined until first needed; null when it cannot be read (traces then name the bundle). */
  let map;
  const sourceMap = () => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')));
      } catch {
        map = null;
      }
    }
    return map;
  };
  const frame = (site) => {
    const file = site.getFileName();
    if (file !== bundleUrl && file !== bundle) return site.toString();
    const entry = sourceMap()?.findEntry(site.getLineNumber() - 1, site.getColumnNumber() - 1);
    if (!entry?.originalSource) return site.toString();
    const where = `${path.resolve(mapDir, entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    const name = site.getFunctionName() ?? site.getMethodName();
    const type = site.isToplevel() || site.isConstructor() ? null : site.getTypeName();
    const prefix = site.isAsync() ? 'async ' : site.isConstructor() ? 'new ' : '';
    if (!name) return `${prefix}${where}`;
    return `${prefix}${type && !name.startsWith(`${type}.`) ? `${type}.` : ''}${name} (${where})`;
  };
  Error.prepareStackTrace = (error, sites) => {
    let header;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = 'Error';
    }
    return [header, ...sites.map((site) => `    at ${frame(site)}`)].join('\n');
  };
}

async function start() {
  let bundle = currentBundle();
  if (!bundle) {
    try {
      bundle = await buildBundle();
    } catch (error) {
      console.warn(`Could not build the server's bundle (${error.message}): running it through tsx instead`);
    }
  }
  if (bundle) {
    mapStackTraces(bundle);
    await import(pathToFileURL(bundle).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(pathToFileURL(entry).href);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await start();

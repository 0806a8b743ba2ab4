/**
 * The house's shape, checked on every run: modules meet only through each other's `index.ts`,
 * the platform never reaches into a module, every table has exactly one owner, and a module's SQL
 * names only the tables it owns and the views and functions others publish.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODULES, navigation, permissionTable } from './modules.ts';
import { PLATFORM_PUBLISHES, PLATFORM_TABLES } from './platform/modules/ownership.ts';

const src = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(src, '..');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, keep);
    return keep(full) ? [full] : [];
  });
}

const isSource = (file: string) => /\.(ts|mts|mjs)$/.test(file);
const isProductSource = (file: string) => isSource(file) && !/\.test\.ts$/.test(file);
const rel = (file: string) => path.relative(root, file);

/** The module a file belongs to (its folder under src/modules), or null. */
function moduleOf(file: string): string | null {
  const match = /^src\/modules\/([^/]+)\//.exec(rel(file));
  return match ? match[1]! : null;
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]/g,
  )) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    if (specifier.startsWith('.')) found.push(path.resolve(path.dirname(file), specifier));
  }
  return found;
}

const camelToSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The tables, views and functions the migrations leave, and the latest body of each function. */
function migrationObjects() {
  const tables = new Set<string>();
  const functions = new Set<string>();
  const bodies = new Map<string, string>();
  /** Trigger functions, by the table their trigger is on. */
  const triggerTables = new Map<string, string>();
  const trigger =
    /CREATE\s+TRIGGER\s+[a-z_]+\s+[^;]*?\bON\s+([a-z_]+)[^;]*?EXECUTE\s+(?:FUNCTION|PROCEDURE)\s+([a-z_]+)/gi;
  const head =
    /(CREATE|DROP)\s+(?:OR\s+REPLACE\s+)?(TABLE|VIEW|FUNCTION)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?([a-z_]+)/gi;
  for (const file of fs.readdirSync(path.join(root, 'migrations')).sort()) {
    const text = fs.readFileSync(path.join(root, 'migrations', file), 'utf8').replace(/--[^\n]*/g, '');
    for (const m of text.matchAll(trigger)) triggerTables.set(m[2]!.toLowerCase(), m[1]!.toLowerCase());
    for (const m of text.matchAll(head)) {
      const verb = m[1]!.toUpperCase();
      const kind = m[2]!.toUpperCase();
      const name = m[3]!.toLowerCase();
      const set = kind === 'TABLE' ? tables : functions;
      if (verb === 'DROP') {
        set.delete(name);
        bodies.delete(name);
        continue;
      }
      set.add(name);
      if (kind === 'TABLE') continue;
      // A view's body runs to its semicolon; a function's is between its $$ quotes.
      const rest = text.slice(m.index! + m[0].length);
      const quoted = kind === 'FUNCTION' ? /\$\$([\s\S]*?)\$\$/.exec(rest) : null;
      bodies.set(name, quoted ? quoted[1]! : rest.slice(0, rest.indexOf(';')));
    }
  }
  return { tables, functions, bodies, triggerTables };
}

/**
 * The tables, views and functions a file's SQL names: the Kysely builder's table arguments
 * (camelCase, as the CamelCasePlugin maps them) and names in raw `sql` templates.
 */
function sqlNamesIn(text: string, known: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  const builder =
    /\.(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|innerJoinLateral|leftJoinLateral)\(\s*['"`]([A-Za-z_]+)/g;
  for (const m of text.matchAll(builder)) names.add(camelToSnake(m[1]!));
  // Multi-table forms: selectFrom(['a as x', 'b as y']).
  for (const m of text.matchAll(/\.(?:selectFrom|deleteFrom|updateTable)\(\s*\[([^\]]*)\]/g)) {
    for (const t of m[1]!.matchAll(/['"]([A-Za-z_]+)/g)) names.add(camelToSnake(t[1]!));
  }
  for (const m of text.matchAll(/sql(?:<[^`]*?>)?`([^`]*)`/g)) {
    for (const word of m[1]!.matchAll(/\b([a-z][a-z0-9_]*)\b/g)) {
      if (known.has(word[1]!)) names.add(word[1]!);
    }
  }
  return new Set([...names].filter((name) => known.has(name)));
}

/** Tables a file's SQL writes: the builder's insert, update, delete and merge, and raw DML. */
function writtenIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\.(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*['"`]([A-Za-z_]+)/g))
    names.add(camelToSnake(m[1]!));
  for (const m of text.matchAll(/sql(?:<[^`]*?>)?`([^`]*)`/g)) {
    for (const w of m[1]!.matchAll(/\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)/gi))
      names.add(w[1]!.toLowerCase());
  }
  return names;
}

const owners = new Map<string, string>();
for (const [part, tables] of Object.entries(PLATFORM_TABLES))
  for (const t of tables) owners.set(t, `platform/${part}`);
for (const module of MODULES) for (const t of module.tables) owners.set(t, module.name);

const published = new Map<string, string>();
for (const [part, names] of Object.entries(PLATFORM_PUBLISHES))
  for (const f of names) published.set(f, `platform/${part}`);
for (const module of MODULES) for (const f of module.publishes ?? []) published.set(f, module.name);

/**
 * Crossings not yet removed: each is a module's SQL naming another's table. The list may only
 * shrink: a new crossing fails the test, and so does one removed but still listed.
 */
const KNOWN_CROSSINGS: readonly string[] = [];

describe('module boundaries', () => {
  const moduleNames = new Set<string>(MODULES.map((m) => m.name));
  const moduleFolders = fs.readdirSync(path.join(src, 'modules'));

  it('a module folder is either in the module list or a library (linkage)', () => {
    expect(moduleFolders.filter((f) => !moduleNames.has(f)).sort()).toEqual(['linkage']);
  });

  it('modules (and the synthetic data) import one another only through index.ts, and the platform imports no module', () => {
    const crossings: string[] = [];
    for (const file of filesUnder(src, isSource)) {
      const from = moduleOf(file);
      const fromPlatform =
        rel(file).startsWith('src/platform/') && !rel(file).startsWith('src/platform/testing/');
      const fromSynthetic = rel(file).startsWith('src/synthetic/');
      for (const target of importsOf(file)) {
        const to = moduleOf(target);
        if (!to) continue;
        if (fromPlatform) crossings.push(`${rel(file)} → ${rel(target)}`);
        else if (
          (from || fromSynthetic) &&
          to !== from &&
          !/^src\/modules\/[^/]+\/index\.(ts|js)$/.test(rel(target))
        ) {
          crossings.push(`${rel(file)} → ${rel(target)}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });

  it('the benches and scripts reach modules only through their index.ts too', () => {
    const crossings: string[] = [];
    for (const dir of ['bench', 'scripts']) {
      for (const file of filesUnder(path.join(root, dir), isSource)) {
        for (const target of importsOf(file)) {
          if (moduleOf(target) && !/^src\/modules\/[^/]+\/index\.(ts|js)$/.test(rel(target)))
            crossings.push(`${rel(file)} → ${rel(target)}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });

  it('no module imports the composition root', () => {
    const offenders = filesUnder(path.join(src, 'modules'), isSource).filter((file) =>
      importsOf(file).some((target) =>
        /^src\/(app|modules|server|cli)(\.ts)?$/.test(rel(target).replace(/\.ts$/, '')),
      ),
    );
    expect(offenders.map(rel)).toEqual([]);
  });

  it('every table the migrations create has exactly one owner, and every owned table exists', () => {
    const { tables } = migrationObjects();
    const declared = [...Object.values(PLATFORM_TABLES).flat(), ...MODULES.flatMap((m) => [...m.tables])];
    const twice = declared.filter((t, i) => declared.indexOf(t) !== i);
    expect(twice).toEqual([]);
    expect([...tables].filter((t) => !owners.has(t)).sort()).toEqual([]);
    expect(declared.filter((t) => !tables.has(t)).sort()).toEqual([]);
  });

  it('every published view or function exists', () => {
    const { functions } = migrationObjects();
    expect([...published.keys()].filter((f) => !functions.has(f))).toEqual([]);
  });

  it('a module’s SQL names only its own tables and what others publish, and writes only its own', () => {
    const { tables, functions, bodies, triggerTables } = migrationObjects();
    const known = new Set([...tables, ...functions]);
    const crossings = new Set<string>();
    const check = (owner: string, where: string, text: string) => {
      for (const name of sqlNamesIn(text, known)) {
        if (owners.get(name) === owner || published.has(name)) continue;
        crossings.add(`${where}: ${name} (${owners.get(name) ?? 'unpublished function'})`);
      }
      for (const name of writtenIn(text)) {
        if (known.has(name) && owners.get(name) !== owner) crossings.add(`${where}: writes ${name}`);
      }
    };
    const checkFiles = (owner: string, files: string[]) => {
      for (const file of files) check(owner, rel(file), fs.readFileSync(file, 'utf8'));
    };
    for (const module of MODULES) {
      checkFiles(module.name, filesUnder(path.join(src, 'modules', module.name), isProductSource));
    }
    // The platform's parts touch only their own tables (and what modules publish).
    for (const part of Object.keys(PLATFORM_TABLES)) {
      checkFiles(`platform/${part}`, filesUnder(path.join(src, 'platform', part), isProductSource));
    }
    // A published view or function reads only its publisher's tables and what others publish.
    for (const [name, body] of bodies) {
      const publisher = published.get(name);
      // A trigger's function belongs to the owner of the table it is on (the audit log's, the
      // journey's data version); any other unpublished function is the platform's.
      const triggerTable = triggerTables.get(name);
      const owner = publisher ?? (triggerTable && owners.get(triggerTable)) ?? 'platform/audit';
      for (const used of sqlNamesIn(`sql\`${body.replaceAll('`', '')}\``, known)) {
        if (used === name || owners.get(used) === owner || published.has(used)) continue;
        crossings.add(`migrations (${name}): ${used} (${owners.get(used) ?? 'unpublished function'})`);
      }
    }
    expect([...crossings].sort()).toEqual([...KNOWN_CROSSINGS].sort());
  });
});

describe('the module list', () => {
  it('every navigation link is shown by a permission some module declares', () => {
    expect(navigation.filter((item) => !permissionTable.has(item.permission)).map((i) => i.href)).toEqual([]);
  });

  it('every module has a name of its own folder', () => {
    for (const module of MODULES as readonly { name: string }[])
      expect(fs.existsSync(path.join(src, 'modules', module.name, 'index.ts'))).toBe(true);
  });
});

/**
 * The layout's rules (docs/architecture.md), checked on the import graph: src/server's folders
 * point only down their layers, no file takes part in an import circle (type-only imports
 * included), and pages hold no SQL and never reach the database directly.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import test from 'node:test';
import ts from 'typescript';

const projectDir = resolve(import.meta.dirname, '../..');
const serverDir = join(projectDir, 'src/server');
const pagesDir = join(projectDir, 'src/pages');

/** A folder may import from folders of a lower layer and from itself, nothing else. */
const LAYERS: Readonly<Record<string, number>> = {
  db: 0,
  markup: 0,
  stories: 0,
  accounts: 1,
  comments: 1,
  abuse: 2,
  moderation: 2,
  mail: 2,
  views: 3,
  app: 4,
  actions: 5,
  import: 5,
  http: 6,
  build: 6,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|astro)$/.test(name) ? [path] : [];
  });
}

/** The code of a file: an .astro file's frontmatter, a .ts file whole. */
function code(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.astro')) return text;
  return /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
}

/** Every relative module a file imports, type-only and `import()` types included, as absolute paths. */
function localImports(path: string): string[] {
  const { importedFiles } = ts.preProcessFile(code(path), true, true);
  return importedFiles
    .map((file) => file.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(path), name));
}

function folderOf(path: string): string {
  return relative(serverDir, path).split('/')[0] ?? '';
}

test('src/server keeps at most 4 files directly in it; everything else lives in a folder with a layer', () => {
  const entries = readdirSync(serverDir);
  const files = entries.filter((name) => statSync(join(serverDir, name)).isFile());
  assert.ok(files.length <= 4, `files directly in src/server: ${files.join(', ')}`);
  const folders = entries.filter((name) => statSync(join(serverDir, name)).isDirectory() && name !== 'data');
  assert.deepEqual(
    folders.filter((name) => LAYERS[name] === undefined),
    [],
    'every folder of src/server has a layer in this test and in docs/architecture.md',
  );
});

test('src/server folders import only from lower layers, and never from Astro', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(serverDir)) {
    const from = folderOf(file);
    if (/from ['"]astro:/.test(code(file))) violations.push(`${relative(projectDir, file)} imports astro:*`);
    for (const target of localImports(file)) {
      const to = relative(serverDir, target).startsWith('..') ? null : folderOf(target);
      if (to === null) {
        violations.push(`${relative(projectDir, file)} reaches outside src/server: ${relative(projectDir, target)}`);
      } else if (to !== from && to !== 'data' && !((LAYERS[to] ?? Infinity) < (LAYERS[from] ?? -1))) {
        violations.push(`${from} -> ${to}: ${relative(projectDir, file)} imports ${relative(projectDir, target)}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test('no file in src takes part in an import circle, type-only imports included', () => {
  const files = sourceFiles(join(projectDir, 'src'));
  const edges = new Map(files.map((file) => [file, localImports(file).filter((target) => files.includes(target))]));
  // Tarjan's strongly connected components: any component of two or more files is a circle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const circles: string[][] = [];
  let counter = 0;
  function visit(file: string): void {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (stack.includes(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(relative(projectDir, member));
      } while (member !== file);
      if (component.length > 1) circles.push(component);
    }
  }
  for (const file of files) if (!index.has(file)) visit(file);
  assert.deepEqual(circles, []);
});

test('pages hold no SQL and import nothing from src/server/db', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(pagesDir)) {
    const name = relative(projectDir, file);
    if (/\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/i.test(code(file))) {
      violations.push(`${name} contains SQL`);
    }
    for (const target of localImports(file)) {
      if (target.startsWith(join(serverDir, 'db') + '/'))
        violations.push(`${name} imports ${relative(projectDir, target)}`);
    }
  }
  assert.deepEqual(violations, []);
});

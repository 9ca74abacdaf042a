/**
 * `npx tsx scripts/import-cycles.ts [--values-only]`: lists the import cycles among the project's
 * own modules (src/, crawlers/, web/, scripts/, test/, bench/, migrations/), following relative imports and re-exports.
 * Each strongly connected group of files is printed with one cycle through it; the exit code is
 * the number of groups, so a new cycle fails a check that runs it. `--values-only` leaves out
 * `import type` lines, which vanish at run time but still tie the modules together for a reader.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOTS = ['src', 'crawlers', 'web', 'scripts', 'test', 'bench', 'migrations'];
const valuesOnly = process.argv.includes('--values-only');
const root = process.cwd();

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

/** Relative module specifiers a file imports or re-exports (type-only ones unless --values-only). */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      typeOnly = clause != null && (clause.isTypeOnly || everyNamedBindingIsType(clause));
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      specifier = statement.moduleSpecifier;
      typeOnly = statement.isTypeOnly;
    }
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    if (valuesOnly && typeOnly) continue;
    specifiers.push(specifier.text);
  }
  return specifiers;
}

/** `import { type A, type B } from …` is as type-only as `import type { A, B }`. */
function everyNamedBindingIsType(clause: ts.ImportClause): boolean {
  if (clause.name || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) return false;
  const elements = clause.namedBindings.elements;
  return elements.length > 0 && elements.every((element) => element.isTypeOnly);
}

const files = ROOTS.flatMap((dir) => sourceFiles(path.join(root, dir)));
const known = new Set(files);
const edges = new Map<string, string[]>();
for (const file of files) {
  const targets = importsOf(file)
    .map((specifier) => path.resolve(path.dirname(file), specifier))
    .filter((target) => known.has(target));
  edges.set(file, [...new Set(targets)]);
}

// Tarjan's strongly connected components: every group of two or more files is a cycle.
const index = new Map<string, number>();
const lowLink = new Map<string, number>();
const onStack = new Set<string>();
const stack: string[] = [];
const groups: string[][] = [];
let counter = 0;
function visit(file: string): void {
  index.set(file, counter);
  lowLink.set(file, counter);
  counter += 1;
  stack.push(file);
  onStack.add(file);
  for (const target of edges.get(file) ?? []) {
    if (!index.has(target)) {
      visit(target);
      lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
    } else if (onStack.has(target)) {
      lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
    }
  }
  if (lowLink.get(file) === index.get(file)) {
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1) groups.push(group);
  }
}
for (const file of files) if (!index.has(file)) visit(file);

/** One shortest way back from a group's first file to itself, inside the group. */
function cycleThrough(group: string[]): string[] {
  const members = new Set(group);
  const start = [...group].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const target of edges.get(current) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const cycle = [current];
        while (cycle[0] !== start) cycle.unshift(cameFrom.get(cycle[0]!)!);
        return [...cycle, start];
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, current);
        queue.push(target);
      }
    }
  }
  return [start];
}

const relative = (file: string) => path.relative(root, file);
console.log(`${files.length} files, ${groups.length} import cycle group(s)${valuesOnly ? ' (value imports only)' : ''}`);
for (const group of groups) {
  console.log(`\n${group.length} files: ${group.map(relative).sort().join(', ')}`);
  console.log(`  ${cycleThrough(group).map(relative).join(' → ')}`);
}
process.exitCode = groups.length;

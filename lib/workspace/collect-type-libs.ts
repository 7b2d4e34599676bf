import fs from 'node:fs';
import path from 'node:path';

// Reads node_modules at run time; the turbopackIgnore comments keep the build from tracing the project.

/** One declaration file for the editor, at the path TypeScript's module resolution looks for it. */
export interface TypeLib {
  /** `file:///node_modules/<package>/<file>` */
  path: string;
  content: string;
}

export interface TypeLibBundle {
  /** The entry package the editor imports (`@tensorflow/tfjs`) and its version, for cache keys. */
  entry: string;
  version: string;
  libs: TypeLib[];
  /** Module specifiers that were imported but are not installed (the editor treats them as `any`). */
  unresolved: string[];
}

/** `import … from 'x'`, `export … from 'x'`, `import 'x'` at the start of a statement. */
const STATEMENT = /^\s*(?:(?:import|export)\b[^'";]*?\bfrom|import)\s*['"]([^'"]+)['"]/gm;
/** `import('x')` in a type position. */
const IMPORT_TYPE = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
/** `/// <reference path="x" />` and `/// <reference types="x" />`. */
const REFERENCE = /^\/\/\/\s*<reference\s+(path|types)=['"]([^'"]+)['"]/gm;

function specifiersOf(content: string): { specifier: string; isPath: boolean }[] {
  const found: { specifier: string; isPath: boolean }[] = [];
  for (const match of content.matchAll(STATEMENT)) found.push({ specifier: match[1]!, isPath: match[1]!.startsWith('.') });
  for (const match of content.matchAll(IMPORT_TYPE)) found.push({ specifier: match[1]!, isPath: match[1]!.startsWith('.') });
  for (const match of content.matchAll(REFERENCE)) found.push({ specifier: match[2]!, isPath: match[1] === 'path' || match[2]!.startsWith('.') });
  return found;
}

function packageRoot(nodeModules: string, name: string): string {
  return path.join(/*turbopackIgnore: true*/ nodeModules, ...name.split('/'));
}

function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, count).join('/'), subpath: parts.slice(count).join('/') };
}

function firstFile(candidates: string[]): string | undefined {
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

function resolveFile(base: string): string | undefined {
  if (base.endsWith('.d.ts')) return firstFile([base]);
  const withoutJs = base.replace(/\.js$/, '');
  return firstFile([`${withoutJs}.d.ts`, path.join(/*turbopackIgnore: true*/ withoutJs, 'index.d.ts')]);
}

function typesEntry(root: string): string | undefined {
  const manifest = path.join(/*turbopackIgnore: true*/ root, 'package.json');
  if (!fs.existsSync(manifest)) return undefined;
  const json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { types?: string; typings?: string };
  const declared = json.types ?? json.typings ?? 'index.d.ts';
  return resolveFile(path.join(/*turbopackIgnore: true*/ root, declared));
}

/**
 * Every `.d.ts` file reachable from a package's declared types, following imports, re-exports and
 * references across packages in `node_modules`, plus a minimal `package.json` per package so
 * `import * as tf from '<entry>'` resolves in the editor exactly as it does in Node.
 */
export function collectTypeLibs(projectDir: string, entry: string): TypeLibBundle {
  const nodeModules = path.join(/*turbopackIgnore: true*/ projectDir, 'node_modules');
  const files = new Map<string, string>();
  const packages = new Map<string, string>();
  const unresolved = new Set<string>();
  const queue: string[] = [];

  const enqueue = (file: string | undefined, specifier: string) => {
    if (!file) {
      unresolved.add(specifier);
      return;
    }
    if (!files.has(file)) {
      files.set(file, '');
      queue.push(file);
    }
  };

  const resolvePackage = (specifier: string): string | undefined => {
    const { name, subpath } = splitSpecifier(specifier);
    const candidates = [packageRoot(nodeModules, name)];
    if (!name.startsWith('@types/')) candidates.push(packageRoot(nodeModules, `@types/${name.replace(/^@/, '').replace('/', '__')}`));
    for (const root of candidates) {
      if (!fs.existsSync(root)) continue;
      const file = subpath ? resolveFile(path.join(/*turbopackIgnore: true*/ root, subpath)) : typesEntry(root);
      if (file) {
        packages.set(path.relative(nodeModules, root), typesEntry(root) ?? file);
        return file;
      }
    }
    return undefined;
  };

  enqueue(resolvePackage(entry), entry);
  while (queue.length > 0) {
    const file = queue.shift()!;
    const content = fs.readFileSync(file, 'utf8');
    files.set(file, content);
    for (const { specifier, isPath } of specifiersOf(content)) {
      enqueue(isPath ? resolveFile(path.resolve(/*turbopackIgnore: true*/ path.dirname(file), specifier)) : resolvePackage(specifier), specifier);
    }
  }

  const toUri = (file: string) => `file:///node_modules/${path.relative(nodeModules, file).split(path.sep).join('/')}`;
  const libs: TypeLib[] = [...files].map(([file, content]) => ({ path: toUri(file), content }));
  for (const [name, types] of packages) {
    const manifest = { name, types: path.relative(packageRoot(nodeModules, name), types).split(path.sep).join('/') };
    libs.push({ path: `file:///node_modules/${name}/package.json`, content: JSON.stringify(manifest) });
  }
  const entryManifest = JSON.parse(fs.readFileSync(path.join(/*turbopackIgnore: true*/ packageRoot(nodeModules, entry), 'package.json'), 'utf8')) as { version: string };
  return { entry, version: entryManifest.version, libs, unresolved: [...unresolved].sort() };
}

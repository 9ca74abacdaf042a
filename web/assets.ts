import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * The browser's code and styles, bundled and minified in memory from web/static (nothing is
 * written to disk): one module script with lazily loaded chunks, one stylesheet. Names carry a
 * content hash, so they can be cached for good; a new deploy gives new names.
 */
export interface BundledFile {
  contents: Uint8Array;
  contentType: string;
}

export interface Bundle {
  /** Hashed file name by output name ("app-3F2A….js") → bytes. */
  files: Map<string, BundledFile>;
  /** URL of the page script, its static imports (for modulepreload) and the stylesheet. */
  script: string;
  preloads: string[];
  stylesheet: string;
  /** A classic script to place right after a grid (web/static/early-layout.js). */
  earlyLayout: string;
}

export const ASSETS_PATH = '/assets';
const STATIC_DIR = fileURLToPath(new URL('./static', import.meta.url));
const ENTRY_POINTS = { app: 'app.js', site: 'site.css' };
const EARLY_LAYOUT_ENTRY = 'early-layout.js';
const CONTENT_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

let built: Bundle | undefined;

/** Built once per process, on first use (src/http/routes/site/assets.routes.ts calls it at start-up). */
export function bundledAssets(): Bundle {
  built ??= buildBundle();
  return built;
}

function buildBundle(): Bundle {
  const shared = {
    absWorkingDir: STATIC_DIR,
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    outdir: 'out',
    entryNames: '[name]-[hash]',
    // Browsers from spring 2023 on: native modules, dialog, :has().
    target: ['chrome111', 'firefox113', 'safari16.4'],
    legalComments: 'none',
    logLevel: 'silent',
  } satisfies BuildOptions;
  const modules = buildSync({ ...shared, entryPoints: ENTRY_POINTS, splitting: true, format: 'esm', chunkNames: 'chunk-[hash]' });
  // A classic script cannot import: it is bundled on its own, as one function run in place.
  const classic = buildSync({ ...shared, entryPoints: [EARLY_LAYOUT_ENTRY], format: 'iife' });
  const files = new Map<string, BundledFile>();
  for (const output of [...modules.outputFiles, ...classic.outputFiles]) {
    const name = basename(output.path);
    const extension = name.slice(name.lastIndexOf('.') + 1);
    files.set(name, { contents: output.contents, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream' });
  }
  const script = outputFor(modules.metafile, ENTRY_POINTS.app);
  return {
    files,
    script: url(script.name),
    preloads: script.output.imports.filter((entry) => entry.kind === 'import-statement').map((entry) => url(basename(entry.path))),
    stylesheet: url(outputFor(modules.metafile, ENTRY_POINTS.site).name),
    earlyLayout: url(outputFor(classic.metafile, EARLY_LAYOUT_ENTRY).name),
  };
}

function outputFor(metafile: Metafile, entryPoint: string): { name: string; output: Metafile['outputs'][string] } {
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint === entryPoint) return { name: basename(path), output };
  }
  throw new Error(`esbuild produced no output for ${entryPoint}`);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function url(name: string): string {
  return `${ASSETS_PATH}/${name}`;
}

/**
 * `npm run bench -- <name>`: runs bench/<name>.ts. Benchmarks report ratios measured in one
 * run on this machine (never timed assertions in tests) and write JSON to bench/results/.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && !['run.ts', 'results.ts'].includes(file) && !file.includes('-'))
  .map((file) => file.replace(/\.ts$/, ''));

const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}>`);
  process.exit(2);
}
const benchModule = z
  .object({ default: z.function() })
  .parse(await import(pathToFileURL(`${benchDir}/${name}.ts`).href));
await (benchModule.default as () => Promise<void>)();

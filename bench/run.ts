/**
 * `npm run bench -- <name> [options]`: runs bench/<name>.ts, handing it the options that follow
 * the name. Benchmarks report ratios measured in one run on this machine (never timed
 * assertions in tests) and write JSON to bench/results/.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && !['run.ts', 'results.ts'].includes(file) && !file.includes('-'))
  .map((file) => file.replace(/\.ts$/, ''));

const [name, ...options] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(2);
}
const benchModule = z
  .object({ default: z.custom<(options: string[]) => Promise<void>>((value) => typeof value === 'function', 'a benchmark function') })
  .parse(await import(pathToFileURL(`${benchDir}/${name}.ts`).href));
const bench = benchModule.default;
// A benchmark declaring no parameter takes no options: say so rather than ignore them.
if (bench.length === 0 && options.length > 0) {
  console.error(`the ${name} benchmark takes no options (got ${options.join(' ')})`);
  process.exit(2);
}
await bench(options);

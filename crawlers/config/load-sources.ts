import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sourcesFileSchema, type SourceConfig } from './source-config.ts';

/** The sources file, or a source given on the command line, is not usable; the message says why. */
export class SourceConfigError extends Error {
  override name = 'SourceConfigError';
}

/**
 * Reads and validates the sources file (CRAWL_SOURCES_FILE). A missing file means no sources;
 * anything unreadable or invalid is an error naming the file and the field at fault.
 */
export async function loadSourcesFile(file: string): Promise<SourceConfig[]> {
  const resolved = path.resolve(file);
  let text: string;
  try {
    text = await readFile(resolved, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SourceConfigError(`Cannot read ${resolved}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SourceConfigError(`${resolved} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = sourcesFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SourceConfigError(`${resolved}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.sources.map((source) => resolveLocalPaths(source, path.dirname(resolved)));
}

/** Local paths in the file are relative to the file, not to wherever the process started. */
function resolveLocalPaths(source: SourceConfig, baseDir: string): SourceConfig {
  if (source.type !== 'import') return source;
  const { folder, urlListFile } = source.options;
  return {
    ...source,
    options: {
      ...source.options,
      ...(folder ? { folder: path.resolve(baseDir, folder) } : {}),
      ...(urlListFile ? { urlListFile: path.resolve(baseDir, urlListFile) } : {}),
    },
  };
}

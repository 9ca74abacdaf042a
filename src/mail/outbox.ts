import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { MailMessage } from './mailer.ts';

export const outboxMessageSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
});

export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export function outboxDir(dataDir: string): string {
  return path.join(dataDir, 'outbox');
}

/** Sortable file names: time first, then a random part so two mails in one millisecond differ. */
export async function writeOutboxMessage(dir: string, message: MailMessage & { from: string }, now: Date): Promise<OutboxMessage> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const id = `${now.toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 10)}`;
  const stored: OutboxMessage = { id, createdAt: now.toISOString(), ...message };
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify(stored, null, 2), { mode: 0o600 });
  return stored;
}

/** Newest first; files that are not outbox messages are skipped. */
export async function readOutbox(dir: string, { limit }: { limit: number }): Promise<OutboxMessage[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const newest = files.filter((file) => file.endsWith('.json')).sort().reverse().slice(0, limit);
  const messages: OutboxMessage[] = [];
  for (const file of newest) {
    const parsed = outboxMessageSchema.safeParse(JSON.parse(await readFile(path.join(dir, file), 'utf8')));
    if (parsed.success) messages.push(parsed.data);
  }
  return messages;
}

import { createProgressBar, type ProgressReporter } from './progress-bar.ts';

/** One progress bar per phase of a long command (database, media…), each closed when the next begins. */
export function createPhasedProgress() {
  let phase: string | undefined;
  let bar: ProgressReporter | undefined;
  return {
    update(next: string, done: number, total: number): void {
      if (next !== phase) {
        bar?.stop();
        phase = next;
        bar = createProgressBar(next.padEnd(9));
      }
      bar?.update(done, total);
    },
    stop(): void {
      bar?.stop();
      bar = undefined;
      phase = undefined;
    },
  };
}

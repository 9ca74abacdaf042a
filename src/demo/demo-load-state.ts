/**
 * Whether the demo set is still being loaded. The server answers while a first start draws the
 * demo set in the background; the search page says so instead of looking empty or broken.
 */
export interface DemoLoadState {
  readonly loading: boolean;
  /** Runs `load`, reporting `loading` until it settles. */
  track<T>(load: Promise<T>): Promise<T>;
}

export function createDemoLoadState(): DemoLoadState {
  let pending = 0;
  return {
    get loading() {
      return pending > 0;
    },
    async track(load) {
      pending += 1;
      try {
        return await load;
      } finally {
        pending -= 1;
      }
    },
  };
}

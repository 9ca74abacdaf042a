import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('search page while a first start loads the demo set', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('says the demo set is still loading until the load ends, then no longer', async () => {
    let finish!: () => void;
    const loading = t.app.demoSet.track(new Promise<void>((resolve) => (finish = resolve)));

    const during = await fetch(`${t.baseUrl}/`);
    expect(during.status).toBe(200);
    expect(await during.text()).toMatch(/id="demo-loading"[^>]*>The demo set is still loading/);

    finish();
    await loading;
    const after = await (await fetch(`${t.baseUrl}/`)).text();
    expect(after).not.toContain('demo-loading');
  });
});

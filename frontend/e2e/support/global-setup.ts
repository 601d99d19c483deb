import { startStack } from './stack';

export default async function globalSetup(): Promise<void> {
  const stack = await startStack();
  (globalThis as { __ROBOKIT_STACK__?: unknown }).__ROBOKIT_STACK__ = stack;
  // Specs run in this process (--runInBand) and read the addresses from here.
  process.env.WEB_URL = stack.webUrl;
  process.env.API_URL = stack.apiUrl;
  // For fault rules (/__standin/faults): errors the Hub gives only now and then (429, 503).
  process.env.HUB_URL = stack.hub.url;
}

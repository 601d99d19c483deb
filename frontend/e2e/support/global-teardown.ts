import { Stack, stopStack } from './stack';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __ROBOKIT_STACK__?: Stack }).__ROBOKIT_STACK__;
  if (stack) await stopStack(stack);
}

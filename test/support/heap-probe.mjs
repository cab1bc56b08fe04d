/* global process */
// Preloaded into a spawned bot (`node --expose-gc --import ./test/support/heap-probe.mjs …`) by
// tests and benchmarks that measure what the bot keeps: on the IPC message 'heap' it collects
// garbage and answers with process.memoryUsage() (bytes). The bot itself knows nothing of it.
process.on('message', (message) => {
  if (message !== 'heap' || typeof globalThis.gc !== 'function') return;
  // Twice: the first collection runs finalizers and weak callbacks that free more on the second.
  globalThis.gc();
  globalThis.gc();
  process.send?.({ type: 'heap', ...process.memoryUsage() });
});
// The channel must not keep a bot that is asked to stop running.
process.channel?.unref();

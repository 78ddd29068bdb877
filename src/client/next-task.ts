// A promise that resolves in a new task of the event loop, after the current task and every
// microtask it queued: a message to ourselves, not a timer (browsers clamp and throttle timers).
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

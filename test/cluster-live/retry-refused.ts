// The local cluster is shared: another user may restart its kube-apiserver for a few seconds.
// A call refused meanwhile is tried again, for up to 30 s; any other error is thrown at once.

/** `call`'s result, trying again while the API server refuses connections. */
export async function retryRefused<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 30 || !/ECONNREFUSED|connection refused|socket hang up|ECONNRESET/i.test(String((error as Error)?.message ?? error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

// The app's data: each person's expense lines. In this process's memory, or in Redis when the
// sessions are there too (so every process behind the load balancer sees the same report).
import { createClient } from 'redis';

/** @param {string} [redisUrl] */
export async function createExpenses(redisUrl) {
  if (!redisUrl) {
    /** @type {Map<string, object[]>} */
    const byUser = new Map();
    return {
      list: async (/** @type {string} */ user) => byUser.get(user) ?? [],
      add: async (/** @type {string} */ user, /** @type {object} */ expense) => {
        byUser.set(user, [...(byUser.get(user) ?? []), expense]);
        return expense;
      },
      close: async () => {},
    };
  }
  const client = createClient({ url: redisUrl });
  client.on('error', (error) => console.error('redis:', error.message));
  await client.connect();
  return {
    list: async (/** @type {string} */ user) => (await client.lRange(`expenses:${user}`, 0, -1)).map((line) => JSON.parse(line)),
    add: async (/** @type {string} */ user, /** @type {object} */ expense) => {
      await client.rPush(`expenses:${user}`, JSON.stringify(expense));
      return expense;
    },
    close: async () => {
      await client.close();
    },
  };
}

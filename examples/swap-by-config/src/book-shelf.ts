import type { Client } from '@opensearch-project/opensearch';

/** The service code: it never knows which cloud it talks to. */
export class BookShelf {
  constructor(private readonly client: Client) {}

  async shelve(id: string, title: string): Promise<void> {
    await this.client.index({ index: 'shelf', id, body: { title }, refresh: true });
  }

  async count(): Promise<number> {
    const { body } = await this.client.count({ index: 'shelf' });
    return (body as { count: number }).count;
  }
}

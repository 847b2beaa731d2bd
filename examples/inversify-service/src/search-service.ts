import type { Client } from '@opensearch-project/opensearch';
import { inject, injectable, named } from 'inversify';
import { OPENSEARCH_CLIENT } from '@osauth/factory';

/** An application service: its client is injected, named by cluster. */
@injectable()
export class SearchService {
  constructor(@inject(OPENSEARCH_CLIENT) @named('catalog') private readonly client: Client) {}

  async findTitles(text: string): Promise<string[]> {
    const { body } = await this.client.search({ index: 'catalog', body: { query: { match: { title: text } } } });
    return (body as { hits: { hits: { _source: { title: string } }[] } }).hits.hits.map((hit) => hit._source.title);
  }

  async add(id: string, title: string): Promise<void> {
    await this.client.index({ index: 'catalog', id, body: { title }, refresh: true });
  }
}

import type { Client } from '@opensearch-project/opensearch';

/** A book in the catalogue. */
export interface Book {
  readonly id: string;
  readonly title: string;
  readonly author: string;
}

/** The application code: it only sees an OpenSearch client, signed or not. */
export class Catalog {
  constructor(
    private readonly client: Client,
    private readonly index = 'books',
  ) {}

  async add(books: readonly Book[]): Promise<void> {
    const exists = await this.client.indices.exists({ index: this.index });
    if (!exists.body) await this.client.indices.create({ index: this.index });
    await this.client.bulk({
      refresh: true,
      body: books.flatMap(({ id, ...book }) => [{ index: { _index: this.index, _id: id } }, book]),
    });
  }

  async findByTitle(text: string): Promise<Book[]> {
    const { body } = await this.client.search({ index: this.index, body: { query: { match: { title: text } } } });
    const hits = (body as { hits: { hits: { _id: string; _source: Omit<Book, 'id'> }[] } }).hits.hits;
    return hits.map((hit) => ({ id: hit._id, ...hit._source }));
  }
}

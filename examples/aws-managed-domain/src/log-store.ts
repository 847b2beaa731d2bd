import type { Client } from '@opensearch-project/opensearch';

/** One application log event. */
export interface LogEvent {
  readonly level: 'info' | 'warn' | 'error';
  readonly service: string;
  readonly message: string;
}

/** Writes log events in bulk and counts them by level: the code under test. */
export class LogStore {
  constructor(
    private readonly client: Client,
    private readonly index = 'app-logs',
  ) {}

  async write(events: readonly LogEvent[]): Promise<void> {
    const { body } = await this.client.bulk({
      refresh: true,
      body: events.flatMap((event) => [{ index: { _index: this.index } }, event]),
    });
    if ((body as { errors?: boolean }).errors) throw new Error('some log events were rejected');
  }

  async count(level: LogEvent['level']): Promise<number> {
    const { body } = await this.client.search({ index: this.index, body: { size: 0, query: { term: { level } } } });
    return (body as { hits: { total: { value: number } } }).hits.total.value;
  }
}

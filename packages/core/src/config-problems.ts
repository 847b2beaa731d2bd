import { ConfigError, type ConfigProblem } from './errors/classes';

/**
 * The problems of several independent checks of one config, gathered so that a single
 * {@link ConfigError} lists them all: a person fixes a config in one pass, not one error
 * per run.
 * @internal
 */
export class ConfigProblems {
  readonly #problems: ConfigProblem[] = [];

  /** @param provider - the provider whose config is checked (`"osauth"` for the factory's part). */
  constructor(private readonly provider: string) {}

  /** `check()`'s result, or `undefined` with the problems of the ConfigError it threw kept. */
  check<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.#problems.push(...error.problems);
      return undefined;
    }
  }

  /** Keeps one problem; `variable` names the environment variable its value was read from. */
  add(path: string, message: string, variable?: string): void {
    this.#problems.push(variable === undefined ? { path, message } : { path, message, variable });
  }

  /** Whether any problem was kept. */
  get found(): boolean {
    return this.#problems.length > 0;
  }

  /**
   * Throws one ConfigError listing every problem kept, its `path` the first one's; returns
   * when there is none.
   * @throws {@link ConfigError}
   */
  throwIfAny(): void {
    const [first] = this.#problems;
    if (first !== undefined) throw new ConfigError({ path: first.path, provider: this.provider, problems: this.#problems });
  }
}

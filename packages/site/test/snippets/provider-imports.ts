import type { CodeBlock } from './markdown-blocks';

/** Provider names whose `auth` config type comes from a package of the same name. */
const PROVIDER_PACKAGES = ['aws', 'alibaba'];

/**
 * A block that configures `provider: 'aws'` (or `'alibaba'`) must import `@osauth/aws`: its
 * config type exists only then. All blocks share one program, where another block's import
 * would make the type known here too, so the type checker alone cannot see a missing one.
 */
export function providerImportProblems(blocks: readonly CodeBlock[]): string[] {
  const problems: string[] = [];
  for (const block of blocks) {
    for (const name of PROVIDER_PACKAGES) {
      // `auth: { provider: 'aws'`, also `const auth: AwsAuthConfig = {\n provider: 'aws'`; not an event's `provider`.
      const used = new RegExp(`auth\\b[^{}]*\\{\\s*provider:\\s*['"]${name}['"]`).exec(block.code);
      if (!used || new RegExp(`['"]@osauth/${name}['"]`).test(block.code)) continue;
      const line = block.line + block.code.slice(0, used.index).split('\n').length - 1;
      problems.push(`${block.file}:${line}: configures provider '${name}' without importing '@osauth/${name}', which declares its config type`);
    }
  }
  return problems;
}

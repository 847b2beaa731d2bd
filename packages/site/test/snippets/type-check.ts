import { join, relative } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './markdown-blocks';
import { REPO_ROOT } from './markdown-files';
import { snippetPath } from './snippet-files';

/**
 * inversify and reflect-metadata, pinned to one declaration file each: the dependency injection
 * guide mixes ES module blocks with CommonJS `file=` blocks, and inversify's dual types would
 * otherwise make one guide's `ContainerModule` two unrelated classes.
 */
function pinnedModules(): Record<string, string[]> {
  const from = join(REPO_ROOT, 'packages', 'site', 'package.json');
  return { inversify: [typesOf('inversify', from)], 'reflect-metadata': [typesOf('reflect-metadata', from)] };
}

function typesOf(name: string, from: string): string {
  const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
  const resolved = ts.resolveModuleName(name, from, options, ts.sys, undefined, undefined, ts.ModuleKind.ESNext).resolvedModule;
  if (!resolved) throw new Error(`cannot resolve ${name} from ${from}`);
  return resolved.resolvedFileName;
}

/**
 * Type-checks every block in one program (one program is several times faster than one per
 * block) with the repository's compiler options: strict, noUncheckedIndexedAccess, NodeNext
 * resolution. Returns each problem as `docs/x.md:LINE: message`, LINE being the markdown line.
 */
export function typeCheck(blocks: readonly CodeBlock[]): string[] {
  const byPath = new Map(blocks.map((block) => [snippetPath(block), block]));
  const program = ts.createProgram([...byPath.keys()], compilerOptions());
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  return diagnostics.map((diagnostic) => formatDiagnostic(diagnostic, byPath));
}

function compilerOptions(): ts.CompilerOptions {
  const file = join(REPO_ROOT, 'tsconfig.json');
  const { config } = ts.readConfigFile(file, (path) => ts.sys.readFile(path)) as { config: { compilerOptions: unknown } };
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, REPO_ROOT, file);
  return {
    ...options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    // The guides show inversify's decorators (`@injectable()`, `@inject(…)` on parameters).
    experimentalDecorators: true,
    // `import '@osauth/awz'` is an error, not a no-op.
    noUncheckedSideEffectImports: true,
    // ```js blocks are checked too.
    allowJs: true,
    checkJs: true,
    typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
    paths: pinnedModules(),
  };
}

function formatDiagnostic(diagnostic: ts.Diagnostic, byPath: ReadonlyMap<string, CodeBlock>): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
  const { file, start } = diagnostic;
  if (!file || start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line } = file.getLineAndCharacterOfPosition(start);
  const block = byPath.get(file.fileName);
  if (!block) return `${relative(REPO_ROOT, file.fileName)}:${line + 1}: TS${diagnostic.code}: ${message}`;
  return `${block.file}:${block.line + line}: TS${diagnostic.code}: ${message}`;
}

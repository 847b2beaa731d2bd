/**
 * `@osauth/core/internal`: what the osauth packages of this repository share that is not
 * public API. It may change in any release; applications must not import it.
 * @packageDocumentation
 * @internal
 */
export { ERROR_CLASSES, type ErrorClass, renderErrorsDoc } from './errors-doc';

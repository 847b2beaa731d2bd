import { cjsWithEsmEntry } from '../../tsup.cjs-with-esm-entry';

export default cjsWithEsmEntry();

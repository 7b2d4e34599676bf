/** Imported first by the sandbox entry: restricts the global scope before any library loads. */
import { restrictGlobalScope } from './global-scope';

restrictGlobalScope(globalThis as unknown as Record<string, unknown>);

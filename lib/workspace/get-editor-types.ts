import { createHash } from 'node:crypto';
import { collectTypeLibs, type TypeLibBundle } from './collect-type-libs';

/** The one library submissions may import; the editor gets its declarations. */
export const EDITOR_TYPES_ENTRY = '@tensorflow/tfjs';

export interface EditorTypes {
  bundle: TypeLibBundle;
  /** The JSON body, built once. */
  body: string;
  etag: string;
}

let cached: EditorTypes | undefined;

/** The tfjs declaration files for the editor, collected from node_modules once per process. */
export function getEditorTypes(): EditorTypes {
  if (!cached) {
    const bundle = collectTypeLibs(process.cwd(), EDITOR_TYPES_ENTRY);
    const body = JSON.stringify(bundle);
    cached = { bundle, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  }
  return cached;
}

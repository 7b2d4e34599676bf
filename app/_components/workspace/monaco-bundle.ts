/**
 * The parts of Monaco the workspace uses: the editor with its standard contributions (find,
 * hover, suggest, diff editor, …) and the TypeScript language with its worker. Not `monaco-editor`'s
 * main entry, which also registers some eighty other languages. This is the entry point of the
 * prebuilt `monaco.js` (lib/workspace/build-editor-assets.ts); the app imports only its types.
 */
import 'monaco-editor/internal/common/workers';
import 'monaco-editor/languages/definitions/typescript/register';

export { editor, KeyCode, KeyMod, MarkerSeverity, Range, Uri } from 'monaco-editor/editor/editor.api';
export { ModuleKind, ModuleResolutionKind, ScriptTarget, typescriptDefaults } from 'monaco-editor/languages/features/typescript/register';

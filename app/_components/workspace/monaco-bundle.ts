/**
 * The parts of Monaco the workspace uses: the editor with its standard contributions (find,
 * hover, suggest, diff editor, …) and the TypeScript language with its worker. Not `monaco-editor`'s
 * main entry, which also registers some eighty other languages. This is the entry point of the
 * prebuilt `monaco.js` (lib/workspace/build-editor-assets.ts); the app imports only its types.
 * `Position`, `Selection`, `SelectionDirection` and `ShiftCommand` are here for `vim.js`, which
 * imports everything it needs from Monaco from this file.
 */
import 'monaco-editor/internal/common/workers';
import 'monaco-editor/languages/definitions/typescript/register';

export { editor, KeyCode, KeyMod, MarkerSeverity, Position, Range, Selection, SelectionDirection, Uri } from 'monaco-editor/editor/editor.api';
// What the vim keybindings (`vim.js`, built from monaco-vim) import from Monaco, so they share this one instance.
export { ShiftCommand } from 'monaco-editor/editor/common/commands/shiftCommand';
export { ModuleKind, ModuleResolutionKind, ScriptTarget, typescriptDefaults } from 'monaco-editor/languages/features/typescript/register';

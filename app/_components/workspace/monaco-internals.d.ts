/** Monaco's own indent command, which monaco-vim uses (`>` and `<`); Monaco ships no declaration for this internal module. */
declare module 'monaco-editor/editor/common/commands/shiftCommand' {
  export const ShiftCommand: unknown;
}

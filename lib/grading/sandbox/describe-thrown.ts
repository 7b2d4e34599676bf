import { formatLogArgs } from './format-log';
import { intrinsics as I, isError } from './intrinsics';

const MAX_NAME_CHARS = 200;
const MAX_MESSAGE_CHARS = 2_000;
const MAX_STACK_CHARS = 4_000;

/** A thrown value as plain strings, capped here so a huge name or message is never copied out of the sandbox. */
export function describeThrown(error: unknown): { name: string; message: string; stack: string } {
  try {
    if (isError(error)) {
      // Capped here so a huge name or message is never copied out of the sandbox.
      const stack = I.String(error.stack ?? '');
      const frames = I.stringIndexOf(stack, '\n    at ');
      return {
        name: I.stringSlice(I.String(error.name), 0, MAX_NAME_CHARS),
        message: I.stringSlice(I.String(error.message), 0, MAX_MESSAGE_CHARS),
        stack: frames < 0 ? '' : I.stringSlice(stack, frames, frames + MAX_STACK_CHARS),
      };
    }
    return { name: 'Thrown value', message: formatLogArgs([error], () => false), stack: '' };
  } catch {
    return { name: 'Thrown value', message: '[a value that could not be read]', stack: '' };
  }
}

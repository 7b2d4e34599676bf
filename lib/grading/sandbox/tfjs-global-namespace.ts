/**
 * Where tfjs keeps its globals inside the sandbox (the engine, the kernel, gradient and class
 * registries): tfjs looks for a global object named `self`, and the bundle injects this private
 * object under that name. The global scope the submission sees has none of them.
 */
const tfjsGlobalNamespace: Record<string, unknown> = {};

export { tfjsGlobalNamespace as self };

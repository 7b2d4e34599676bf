/**
 * Entry of the script that runs at the start of every sandbox context: tfjs (cpu backend, with
 * gradients and chained ops) and the trusted runtime. Bundled once by build-grader-artifacts.ts.
 */
import * as core from '@tensorflow/tfjs-core';
import * as layers from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { installRuntime } from './runtime';

installRuntime(core, layers);

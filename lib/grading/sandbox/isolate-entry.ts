/**
 * Entry of the script that runs at the start of every sandbox context: the global scope restricted
 * first (before tfjs loads, so no library sees what the submission will not), then tfjs (cpu
 * backend, with gradients and chained ops) and the trusted runtime. Bundled once by
 * build-grader-artifacts.ts.
 */
import './restrict-global-scope';
import * as core from '@tensorflow/tfjs-core';
import * as layers from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { installRuntime } from './runtime';

installRuntime(core, layers);

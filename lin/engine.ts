/**
 * Everything the `lin` command runs between reading a history file and printing its verdict, as one
 * module: the formats, the models and the checker. The build also compiles it, with what it imports,
 * into one classic script with a V8 code cache (lin/engine-build.ts), which
 * lin/engine-load.ts loads, so that a cold `lin` run does not compile the checker again on first
 * use. The command takes every one of these from the engine it loaded, never from the modules
 * directly: an error class must be the one its parser throws.
 */
export { checkLinearizable } from './check.ts';
export { prepareKernel, kernelIsReady } from './kernel/kernel.ts';
export { warmUp } from './warm-up.ts';
export { withDefaults } from './model.ts';
export { binaryAt, FormatError, printable } from './formats/error.ts';
export { detectFormat } from './formats/detect.ts';
export { parseJepsenKv, readKv, readPlainKv } from './formats/jepsen-kv.ts';
export { parseJepsenEtcd, readEtcd, readPlainEtcd } from './formats/jepsen-etcd.ts';
export { looksLikeGrove, parseGroveHistory } from './formats/grove.ts';
export { groveJsonlToJepsenEdn, parseJepsenEdnHistory } from './formats/jepsen-edn.ts';
export { kvModel, kvModelUnpartitioned } from './models/kv.ts';
export { registerModel } from './models/register.ts';
export { groveLinModel } from './models/grove.ts';

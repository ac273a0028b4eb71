/**
 * A V8 code cache for the CommonJS modules a synth loads, used by scripts/run.js.
 *
 * Why: most of a synth's time is spent loading modules, and most of that is V8 compiling their source again in
 * every process: about 7 MB of @cdktf/provider-google for the Terraform app, 3.5 MB of cdk8s-plus-28 for the
 * Kubernetes one. Node.js 22 caches compiled code on disk itself (`module.enableCompileCache`), and is used when
 * present; Node.js 20 has only the building blocks (`vm.Script` with `cachedData`), which this uses the way
 * `v8-compile-cache` does.
 *
 * Safety:
 * - An entry is used only for the exact source it was made from: each module has one entry (named by a hash of its
 *   path), which stores a SHA-1 of the source it was compiled from; a different source compiles afresh and replaces
 *   it. V8 also rejects code made by another V8 version or with other flags, and the directory is per Node.js
 *   version and set of command-line flags.
 * - A module the cache cannot compile (ES module syntax, for one) goes to Node.js's own loader unchanged, and
 *   nothing is cached while source maps are enabled (Node.js's loader records them; this one does not).
 * - Write errors are ignored: the cache is an optimisation, never a requirement.
 *
 * Set CDK_FASTAPI_GKE_COMPILE_CACHE=0 to turn it off.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const HASH_BYTES = 20; // SHA-1
/** What the cache did in this process: modules compiled from cached code, compiled afresh, left to Node.js. */
const stats = { hits: 0, misses: 0, fallbacks: 0 };

/** Turns the cache on for modules loaded from now on. Returns how: 'node' (Node.js's own), 'vm', or undefined. */
function enableCompileCache(cacheRoot) {
  if (process.env.CDK_FASTAPI_GKE_COMPILE_CACHE === '0') return undefined;
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(cacheRoot);
    return 'node';
  }
  const sourceMaps = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('source-map'));
  const dynamicImport = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (sourceMaps || !dynamicImport || typeof crypto.hash !== 'function') return undefined;
  // V8 rejects code cached under other flags (--max-semi-space-size among them): one directory per set of flags, so
  // that apps run with different flags do not keep replacing each other's entries.
  const flags = crypto.hash('sha1', JSON.stringify(process.execArgv)).slice(0, 8);
  const dir = path.join(cacheRoot, `v8-${process.version}-${process.arch}-${flags}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    return undefined;
  }

  const original = Module.prototype._compile;
  const toWrite = [];
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (typeof content !== 'string' || !filename.endsWith('.js')) {
      stats.fallbacks++;
      return original.call(this, content, filename);
    }
    const entry = path.join(dir, crypto.hash('sha1', filename));
    const sourceHash = crypto.hash('sha1', content, 'buffer');
    let cachedData;
    try {
      const stored = fs.readFileSync(entry);
      if (stored.length > HASH_BYTES && stored.subarray(0, HASH_BYTES).equals(sourceHash)) cachedData = stored.subarray(HASH_BYTES);
    } catch {
      // no entry yet
    }
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: dynamicImport });
    } catch {
      stats.fallbacks++;
      return original.call(this, content, filename); // let Node.js compile it, and report any error its way
    }
    if (cachedData === undefined || script.cachedDataRejected) {
      stats.misses++;
      toWrite.push({ entry, sourceHash, script });
    } else {
      stats.hits++;
    }
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  // At exit, so that the functions that ran are in the cache too, compiled.
  process.once('exit', () => {
    for (const { entry, sourceHash, script } of toWrite) {
      try {
        const tmp = `${entry}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, Buffer.concat([sourceHash, script.createCachedData()]));
        fs.renameSync(tmp, entry);
      } catch {
        // best effort
      }
    }
  });
  return 'vm';
}

/** The `require` a CommonJS module gets, as Node.js makes it (lib/internal/modules/helpers.js). */
function makeRequire(mod) {
  function require(id) {
    return mod.require(id);
  }
  function resolve(request, options) {
    return Module._resolveFilename(request, mod, false, options);
  }
  resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

module.exports = { enableCompileCache, stats };

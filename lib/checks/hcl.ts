/**
 * HCL (`cdk.tf`, which `cdktf synth --hcl` writes, or any `.tf` file) to Terraform JSON, with HashiCorp's own parser:
 * `@cdktf/hcl2json`, the Go `hcl` package compiled to WebAssembly, which cdktf itself uses.
 *
 * Its `parse` is asynchronous, and the checks are not: the synth pipeline runs them inside cdktf's synchronous
 * `app.synth()` flow (lib/synth/terraform.ts, then enforceOnDirectory), and `check` is a plain function. So the parser
 * runs in a worker thread, and this thread waits for its answer (`Atomics.wait`, then `receiveMessageOnPort`): the
 * checks read the very text that was written, with no change to the synth pipeline. Nothing of this loads unless a
 * `.tf` file is read: the worker and the WebAssembly module cost about 0.1 s.
 */
import * as path from 'path';
import { InputError } from './model';

/** Terraform JSON of an HCL file, or what is wrong with it. */
export type HclResult = { readonly value: unknown } | { readonly error: InputError };

/** How long to wait for the parser before giving up on the files. */
const TIMEOUT_MS = 120_000;

/** Runs in the worker: parses each file in turn, posts the results, and wakes the waiting thread. */
const WORKER = `
const { workerData } = require('worker_threads');
const flag = new Int32Array(workerData.flag);
const done = (message) => {
  workerData.port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
};
process.on('unhandledRejection', (err) => done({ fatal: String(err && err.message || err) }));
(async () => {
  const { parse } = require(workerData.parser);
  const results = [];
  for (const f of workerData.files) {
    try {
      results.push({ value: await parse(f.name, f.text) });
    } catch (err) {
      results.push({ message: String(err && err.message || err) });
    }
  }
  return results;
})().then((results) => done({ results }), (err) => done({ fatal: String(err && err.message || err) }));
`;

/** Parses HCL files, synchronously; one result per file, in order. */
export function parseHclFiles(files: readonly { readonly file: string; readonly text: string }[]): HclResult[] {
  if (files.length === 0) return [];
  const fail = (message: string): HclResult[] => files.map(({ file }) => ({ error: { file, message } }));
  let parser: string;
  try {
    parser = require.resolve('@cdktf/hcl2json');
  } catch {
    return fail('cannot read HCL: the package @cdktf/hcl2json is not installed');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MessageChannel, Worker, receiveMessageOnPort } = require('worker_threads') as typeof import('worker_threads');
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { parser, flag, port: port2, files: files.map((f) => ({ name: path.basename(f.file), text: f.text })) },
    transferList: [port2],
  });
  try {
    if (Atomics.wait(new Int32Array(flag), 0, 0, TIMEOUT_MS) === 'timed-out') return fail(`cannot read HCL: the parser did not answer within ${TIMEOUT_MS / 1000} s`);
    const answer = receiveMessageOnPort(port1)?.message as { results?: { value?: unknown; message?: string }[]; fatal?: string } | undefined;
    if (!answer?.results) return fail(`cannot read HCL: ${answer?.fatal ?? 'the parser stopped without an answer'}`);
    return answer.results.map((r, i) => (r.message === undefined ? { value: r.value } : { error: hclError(files[i].file, r.message) }));
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** `parse config: [cdk.tf:2,7-3,1: Invalid expression; Expected ...]` → file, line 2, column 7, the message. */
function hclError(file: string, raw: string): InputError {
  const m = /^(?:parse config: )?\[?[^:\]]*:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^\]]*)\]?/.exec(raw.split('\n')[0]);
  if (!m) return { file, message: `invalid HCL: ${raw.split('\n')[0]}` };
  return { file, line: Number(m[1]), column: Number(m[2]), message: `invalid HCL: ${m[3].trim()}` };
}

// Median time of circom's wasm witness calculator (calculateWTNSBin, in-process) for benchmarks/circuit.py.
// usage: node witness_bench.cjs <dir with witness_calculator.js and the .wasm> <wasm name> <input.json> <min seconds>
const fs = require("fs");
const path = require("path");
const builder = require(path.resolve(process.argv[2], "witness_calculator.js"));
(async () => {
  const wc = await builder(fs.readFileSync(path.resolve(process.argv[2], process.argv[3])));
  const input = JSON.parse(fs.readFileSync(process.argv[4]));
  const minMs = 1000 * Number(process.argv[5] || 1);
  await wc.calculateWTNSBin(input, 0);
  const times = [];
  const t0 = Date.now();
  while (times.length < 5 || Date.now() - t0 < minMs) {
    const s = process.hrtime.bigint();
    await wc.calculateWTNSBin(input, 0);
    times.push(Number(process.hrtime.bigint() - s) / 1e9);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ median_s: times[times.length >> 1], runs: times.length }));
})();

pragma circom 2.0.0;
// Peer for benchmarks/circuit.py: the shape of zkcred's set_membership (depth-20 Poseidon Merkle path) written with
// circomlib's Poseidon. circomlib's Poseidon constants are BN254's, so the root differs from zkcred's: it is an
// output here (not checked), and only the constraint count and the witness-calculation time are compared.
include "circomlib/circuits/poseidon.circom";

template Member(depth) {
    signal output root;
    signal input element;
    signal input siblings[depth];
    signal input bits[depth];
    signal cur[depth + 1];
    signal left[depth];
    component leaf = Poseidon(1);
    leaf.inputs[0] <== element;
    cur[0] <== leaf.out;
    component h[depth];
    for (var i = 0; i < depth; i++) {
        bits[i] * (bits[i] - 1) === 0;
        left[i] <== cur[i] + bits[i] * (siblings[i] - cur[i]);
        h[i] = Poseidon(2);
        h[i].inputs[0] <== left[i];
        h[i].inputs[1] <== cur[i] + siblings[i] - left[i];
        cur[i + 1] <== h[i].out;
    }
    root <== cur[depth];
}
component main = Member(20);

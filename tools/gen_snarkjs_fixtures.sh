#!/usr/bin/env bash
# Regenerate tests/fixtures/snarkjs/ with the real circom2 (wasm) compiler and snarkjs from peers/node_modules
# (run `make peers` first). Everything is bls12381 and small: a 2^8 powers of tau with one contribution, the
# circuit in fixture.circom, one zkey contribution, a witness for input.json, a snarkjs proof and its verification.
# The random beacons/entropy make every run produce different keys and proofs; the tests only rely on the
# relations between the files, never on their exact bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NM=$ROOT/peers/node_modules
OUT=$ROOT/tests/fixtures/snarkjs
SNARKJS="node $NM/snarkjs/build/cli.cjs"
CIRCOM="node $NM/circom2/cli.js"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cp "$OUT/fixture.circom" "$OUT/input.json" "$TMP/"
mkdir -p "$TMP/node_modules" && cp -r "$NM/circomlib" "$TMP/node_modules/"   # circom2 (WASI) sees real files only
cd "$TMP"
$CIRCOM fixture.circom --r1cs --wasm -p bls12381 -l node_modules -o .
$SNARKJS wtns calculate fixture_js/fixture.wasm input.json witness.wtns
$SNARKJS powersoftau new bls12381 8 pot_0.ptau
$SNARKJS powersoftau contribute pot_0.ptau pot_1.ptau --name=zkcred-fixture -e="zkcred fixture entropy $RANDOM$RANDOM"
$SNARKJS powersoftau prepare phase2 pot_1.ptau pot_final.ptau
$SNARKJS groth16 setup fixture.r1cs pot_final.ptau fixture_0.zkey
$SNARKJS zkey contribute fixture_0.zkey fixture.zkey --name=zkcred-fixture -e="zkcred zkey entropy $RANDOM$RANDOM"
$SNARKJS zkey verify fixture.r1cs pot_final.ptau fixture.zkey
$SNARKJS zkey export verificationkey fixture.zkey verification_key.json
$SNARKJS groth16 prove fixture.zkey witness.wtns proof.json public.json
$SNARKJS groth16 verify verification_key.json public.json proof.json
cp fixture.r1cs witness.wtns fixture.zkey verification_key.json proof.json public.json "$OUT/"
# The powers of tau (prepared, 2^8) lets tests run `snarkjs zkey verify` and `groth16 setup` offline.
cp pot_final.ptau "$OUT/pot8_final.ptau"
ls -l "$OUT"

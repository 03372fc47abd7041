// BBS peer timings for zkcred's benchmarks: Digital Bazaar @digitalbazaar/bbs-signatures (pure JS) and MATTR
// @mattrglobal/pairing-crypto (Rust -> wasm; an older draft, speed only), BLS12-381-SHA-256.
// Usage: node bench.mjs N DISCLOSED SECONDS_PER_OP [peers...]  -> one JSON object of median seconds per op.
import * as db from '@digitalbazaar/bbs-signatures';
import pc from '@mattrglobal/pairing-crypto';

const [n, k, budget] = [Number(process.argv[2] ?? 10), Number(process.argv[3] ?? 2), Number(process.argv[4] ?? 1)];
const which = process.argv.slice(5).length ? process.argv.slice(5) : ['digitalbazaar', 'mattr'];
const enc = new TextEncoder();
const messages = Array.from({length: n}, (_, i) => enc.encode(`attribute-${i}: value number ${i * 7919}`));
const header = enc.encode('zkcred-bench-header');
const ph = enc.encode('zkcred-bench-presentation-header');
const disclosed = Array.from({length: k}, (_, i) => i);

async function median(fn) {
  await fn();                                  // warm-up
  const times = [];
  const start = performance.now();
  while(times.length < 3 || (performance.now() - start < budget * 1000 && times.length < 200)) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const out = {n, disclosed: k};
if(which.includes('digitalbazaar')) {
  const ciphersuite = 'BLS12-381-SHA-256';
  const {secretKey, publicKey} = await db.generateKeyPair({ciphersuite});
  const signature = await db.sign({secretKey, publicKey, header, messages, ciphersuite});
  const proof = await db.deriveProof({publicKey, signature, header, messages, presentationHeader: ph,
    disclosedMessageIndexes: disclosed, ciphersuite});
  const disclosedMessages = disclosed.map(i => messages[i]);
  if(!await db.verifyProof({publicKey, proof, header, presentationHeader: ph, disclosedMessages,
    disclosedMessageIndexes: disclosed, ciphersuite})) throw new Error('digitalbazaar proof did not verify');
  out.digitalbazaar = {
    sign: await median(() => db.sign({secretKey, publicKey, header, messages, ciphersuite})),
    verify: await median(() => db.verifySignature({publicKey, signature, header, messages, ciphersuite})),
    proof_gen: await median(() => db.deriveProof({publicKey, signature, header, messages, presentationHeader: ph,
      disclosedMessageIndexes: disclosed, ciphersuite})),
    proof_verify: await median(() => db.verifyProof({publicKey, proof, header, presentationHeader: ph,
      disclosedMessages, disclosedMessageIndexes: disclosed, ciphersuite})),
  };
}
if(which.includes('mattr')) {
  const s = pc.bbs.bls12381_sha256;
  const {secretKey, publicKey} = await s.generateKeyPair();
  const signature = await s.sign({secretKey, publicKey, header, messages});
  const dmsgs = messages.map((value, i) => ({value, reveal: disclosed.includes(i)}));
  const proof = await s.deriveProof({publicKey, header, presentationHeader: ph, signature, verifySignature: false,
    messages: dmsgs});
  const revealed = Object.fromEntries(disclosed.map(i => [i, messages[i]]));
  const res = await s.verifyProof({publicKey, header, presentationHeader: ph, proof, messages: revealed});
  if(!res.verified) throw new Error('mattr proof did not verify');
  out.mattr = {
    sign: await median(() => s.sign({secretKey, publicKey, header, messages})),
    verify: await median(() => s.verify({publicKey, header, signature, messages})),
    proof_gen: await median(() => s.deriveProof({publicKey, header, presentationHeader: ph, signature,
      verifySignature: false, messages: dmsgs})),
    proof_verify: await median(() => s.verifyProof({publicKey, header, presentationHeader: ph, proof,
      messages: revealed})),
  };
}
process.stdout.write(JSON.stringify(out) + '\n');

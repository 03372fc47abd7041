// Drives Digital Bazaar's @digitalbazaar/bbs-signatures (pure JS, IETF BBS draft) for zkcred's interop tests.
// Protocol: one JSON request per line on stdin, one JSON reply per line on stdout. Byte strings are hex.
//   {"op": "keygen", "suite", "seed"}                                    -> {"sk", "pk"}
//   {"op": "sign", "suite", "sk", "pk", "header", "messages"}           -> {"signature"}
//   {"op": "verify", "suite", "pk", "signature", "header", "messages"}  -> {"valid"}
//   {"op": "prove", "suite", "pk", "signature", "header", "ph", "messages", "disclosed"} -> {"proof"}
//   {"op": "verify_proof", "suite", "pk", "proof", "header", "ph", "disclosed_messages", "disclosed"} -> {"valid"}
// A failure is {"error": message}; for the verify ops a thrown error is reported as {"valid": false, "error"}.
import * as bbs from '@digitalbazaar/bbs-signatures';
import readline from 'node:readline';

const h = s => Uint8Array.from(Buffer.from(s ?? '', 'hex'));
const x = u => Buffer.from(u).toString('hex');

async function handle(r) {
  const ciphersuite = r.suite;
  switch(r.op) {
    case 'keygen': {
      const kp = await bbs.generateKeyPair({seed: h(r.seed), ciphersuite});
      return {sk: x(kp.secretKey), pk: x(kp.publicKey)};
    }
    case 'sign':
      return {signature: x(await bbs.sign({secretKey: h(r.sk), publicKey: h(r.pk), header: h(r.header),
        messages: r.messages.map(h), ciphersuite}))};
    case 'verify':
      try {
        return {valid: (await bbs.verifySignature({publicKey: h(r.pk), signature: h(r.signature),
          header: h(r.header), messages: r.messages.map(h), ciphersuite})) === true};
      } catch(e) { return {valid: false, error: String(e.message || e)}; }
    case 'prove':
      return {proof: x(await bbs.deriveProof({publicKey: h(r.pk), signature: h(r.signature), header: h(r.header),
        messages: r.messages.map(h), presentationHeader: h(r.ph), disclosedMessageIndexes: r.disclosed,
        ciphersuite}))};
    case 'verify_proof':
      try {
        return {valid: (await bbs.verifyProof({publicKey: h(r.pk), proof: h(r.proof), header: h(r.header),
          presentationHeader: h(r.ph), disclosedMessages: r.disclosed_messages.map(h),
          disclosedMessageIndexes: r.disclosed, ciphersuite})) === true};
      } catch(e) { return {valid: false, error: String(e.message || e)}; }
    default:
      return {error: `unknown op ${r.op}`};
  }
}

const rl = readline.createInterface({input: process.stdin, terminal: false});
for await (const line of rl) {
  if(!line.trim()) continue;
  let reply;
  try { reply = await handle(JSON.parse(line)); } catch(e) { reply = {error: String(e.message || e)}; }
  process.stdout.write(JSON.stringify(reply) + '\n');
}

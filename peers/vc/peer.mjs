// Digital Bazaar's bbs-2023 stack as a batch peer for zkcred's interop tests and benchmarks.
// stdin: {"ops": [{"op": ..., ...}, ...]}; stdout: one JSON line {"results": [...]} (one result per op).
//   keygen                                   -> {key: Multikey JSON with secretKeyMultibase}
//   issue  {credential, key, mandatory}      -> {signed}
//   derive {signed, selective, ph (hex)}     -> {derived}
//   verify {derived, ph (hex)}               -> {verified: bool, error}
//   bench  {credential, mandatory, selective, ph, seconds} -> {issue, derive, verify} medians in seconds
// Documents load offline: zkcred's bundled contexts (../../zkcred/vc/contexts), the extra contexts passed as
// {"contexts": {url: document}}, and did:key documents for BLS12-381 G2 keys.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as vc from '@digitalbazaar/vc';
import * as Bls12381Multikey from '@digitalbazaar/bls12-381-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createSignCryptosuite, createDiscloseCryptosuite, createVerifyCryptosuite}
  from '@digitalbazaar/bbs-2023-cryptosuite';

const here = path.dirname(fileURLToPath(import.meta.url));
const ctxDir = path.join(here, '..', '..', 'zkcred', 'vc', 'contexts');
const BUNDLED = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'credentials-v1.jsonld',
  'https://www.w3.org/ns/credentials/examples/v2': 'credentials-examples-v2.jsonld',
  'https://www.w3.org/ns/credentials/undefined-terms/v2': 'credentials-undefined-terms-v2.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  'https://w3id.org/security/data-integrity/v1': 'data-integrity-v1.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
  'https://www.w3.org/ns/did/v1': 'did-v1.jsonld',
};
const docs = new Map();
for(const [url, file] of Object.entries(BUNDLED)) {
  docs.set(url, JSON.parse(fs.readFileSync(path.join(ctxDir, file), 'utf8')));
}

function didKeyDocument(url) {
  const [did] = url.split('#');
  const mb = did.slice('did:key:'.length);
  const vmId = `${did}#${mb}`;
  const vm = {id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: mb};
  if(url.includes('#')) {
    return {'@context': 'https://w3id.org/security/multikey/v1', ...vm};
  }
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did, verificationMethod: [vm], assertionMethod: [vmId], authentication: [vmId],
    capabilityInvocation: [vmId], capabilityDelegation: [vmId]
  };
}

async function documentLoader(url) {
  if(docs.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(docs.get(url))};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: didKeyDocument(url)};
  }
  throw new Error(`peer loader: unknown document ${url}`);
}

const hex = h => Uint8Array.from(Buffer.from(h || '', 'hex'));
const clone = x => structuredClone(x);

async function signerOf(key) {
  const kp = await Bls12381Multikey.from(key);
  return kp.signer();
}

async function issue({credential, key, mandatory}) {
  const suite = new DataIntegrityProof({
    signer: await signerOf(key), cryptosuite: createSignCryptosuite({mandatoryPointers: mandatory})
  });
  return vc.issue({credential: clone(credential), suite, documentLoader});
}

async function derive({signed, selective, ph}) {
  const suite = new DataIntegrityProof({
    cryptosuite: createDiscloseCryptosuite({selectivePointers: selective, presentationHeader: hex(ph)})
  });
  return vc.derive({verifiableCredential: clone(signed), suite, documentLoader});
}

async function verify({derived, ph}) {
  const suite = new DataIntegrityProof({
    cryptosuite: createVerifyCryptosuite({expectedPresentationHeader: ph ? hex(ph) : undefined})
  });
  const r = await vc.verifyCredential({credential: clone(derived), suite, documentLoader});
  const err = r.error ? (r.error.errors || [r.error]).map(e => e.message).join('; ') : null;
  return {verified: r.verified, error: err};
}

async function median(fn, seconds) {
  await fn();
  const times = [];
  const start = performance.now();
  while(times.length < 5 || (performance.now() - start < seconds * 1000 && times.length < 200)) {
    const t = performance.now();
    await fn();
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function run(op) {
  switch(op.op) {
    case 'keygen': {
      const kp = await Bls12381Multikey.generateBbsKeyPair({
        algorithm: Bls12381Multikey.ALGORITHMS.BBS_BLS12381_SHA256
      });
      const exported = await kp.export({publicKey: true, secretKey: true, includeContext: true});
      const did = `did:key:${exported.publicKeyMultibase}`;
      return {key: {...exported, id: `${did}#${exported.publicKeyMultibase}`, controller: did}};
    }
    case 'issue': return {signed: await issue(op)};
    case 'derive': return {derived: await derive(op)};
    case 'verify': return await verify(op);
    case 'bench': {
      const key = op.key;
      const signed = await issue({credential: op.credential, key, mandatory: op.mandatory});
      const derived = await derive({signed, selective: op.selective, ph: op.ph});
      return {
        issue: await median(() => issue({credential: op.credential, key, mandatory: op.mandatory}), op.seconds),
        derive: await median(() => derive({signed, selective: op.selective, ph: op.ph}), op.seconds),
        verify: await median(() => verify({derived, ph: op.ph}), op.seconds),
      };
    }
    default: throw new Error(`unknown op ${op.op}`);
  }
}

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
for(const [url, doc] of Object.entries(input.contexts || {})) {
  docs.set(url, doc);
}
const results = [];
for(const op of input.ops) {
  try {
    results.push(await run(op));
  } catch(e) {
    results.push({error: String(e && (e.stack || e.message) || e)});
  }
}
process.stdout.write(JSON.stringify({results}) + '\n');

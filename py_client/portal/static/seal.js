// Rantai portal: confidential documents sealed in the browser, so the server never sees them.
// The same envelope as py_client.documents.envelope (version 2): a random content key K; HMAC-SHA256
// under K gives the body's AES-256-GCM key and the key commitment in the header; K is wrapped per
// recipient with RFC 9180 HPKE, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM.
// WebCrypto has X25519, HMAC and AES-GCM but no HKDF with a separate extract, so HPKE's
// LabeledExtract and LabeledExpand are written with HMAC (RFC 5869: Extract is HMAC(salt, ikm); an
// empty salt is HashLen zero bytes; Expand to at most 32 bytes is one HMAC block). Checked against
// RFC 9180 Appendix A.1.1 in tests/portal/test_portal_sealing.py. Uses ethers (vendored) for keccak256
// and EIP-55 addresses only.
"use strict";

(function () {
  const subtle = crypto.subtle;
  const encoder = new TextEncoder();
  const EMPTY = new Uint8Array(0);
  const MAGIC = encoder.encode("RANTAI-ENVELOPE/2\n");
  const SUITE = "HPKE-base/DHKEM-X25519-HKDF-SHA256/HKDF-SHA256/AES-256-GCM";
  const RECIPIENT_LABEL = encoder.encode("RANTAI-ENVELOPE/2 recipient\0");
  const COMMITMENT_LABEL = encoder.encode("RANTAI-ENVELOPE/2 key commitment");
  const BODY_KEY_LABEL = encoder.encode("RANTAI-ENVELOPE/2 body key");
  const HPKE_V1 = encoder.encode("HPKE-v1");
  const KEM_X25519 = 0x0020;
  const KDF_HKDF_SHA256 = 0x0001;
  const PKCS8_X25519 = "302e020100300506032b656e04220420"; // RFC 8410 prefix of a raw private key

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) { out.set(part, at); at += part.length; }
    return out;
  }
  const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  function fromHex(text) {
    const clean = text.startsWith("0x") ? text.slice(2) : text;
    if (clean.length % 2 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`not hex: ${text}`);
    const out = new Uint8Array(clean.length / 2);
    for (let i = 0; i < out.length; i += 1) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  function i2osp(value, length) {
    const out = new Uint8Array(length);
    for (let i = length - 1, v = value; i >= 0; i -= 1, v = Math.floor(v / 256)) out[i] = v % 256;
    return out;
  }

  async function hmac(key, data) {
    // HMAC pads a short key with zeros to the block size: an empty key equals 32 zero bytes,
    // which WebCrypto accepts (it refuses a zero-length HMAC key).
    const raw = key.length ? key : new Uint8Array(32);
    const handle = await subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await subtle.sign("HMAC", handle, data));
  }
  const labeledExtract = (suite, salt, label, ikm) =>
    hmac(salt, concat(HPKE_V1, suite, encoder.encode(label), ikm));
  async function labeledExpand(suite, prk, label, info, length) {
    if (length > 32) throw new Error("one HMAC block only");
    const block = await hmac(prk, concat(i2osp(length, 2), HPKE_V1, suite, encoder.encode(label), info, new Uint8Array([1])));
    return block.slice(0, length);
  }

  async function ephemeral(privateRaw) {
    // A fresh X25519 key pair, or (for the RFC vector) the pair of a given raw private key.
    let privateKey;
    if (privateRaw) {
      privateKey = await subtle.importKey("pkcs8", fromHex(PKCS8_X25519 + toHex(privateRaw)), { name: "X25519" }, true, ["deriveBits"]);
    } else {
      privateKey = (await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"])).privateKey;
    }
    const jwk = await subtle.exportKey("jwk", privateKey);
    const publicRaw = Uint8Array.from(atob(jwk.x.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    return { privateKey, publicRaw };
  }

  // RFC 9180 single-shot SealBase (sequence number 0). aeadId 1 = AES-128-GCM, 2 = AES-256-GCM.
  async function hpkeSeal(recipientPublic, info, aad, plaintext, aeadId, ephemeralPrivate) {
    const keyLength = aeadId === 1 ? 16 : 32;
    const kemSuite = concat(encoder.encode("KEM"), i2osp(KEM_X25519, 2));
    const suite = concat(encoder.encode("HPKE"), i2osp(KEM_X25519, 2), i2osp(KDF_HKDF_SHA256, 2), i2osp(aeadId, 2));
    const eph = await ephemeral(ephemeralPrivate);
    const peer = await subtle.importKey("raw", recipientPublic, { name: "X25519" }, false, []);
    const dh = new Uint8Array(await subtle.deriveBits({ name: "X25519", public: peer }, eph.privateKey, 256));
    const enc = eph.publicRaw;
    const eaePrk = await labeledExtract(kemSuite, EMPTY, "eae_prk", dh);
    const sharedSecret = await labeledExpand(kemSuite, eaePrk, "shared_secret", concat(enc, recipientPublic), 32);
    const pskIdHash = await labeledExtract(suite, EMPTY, "psk_id_hash", EMPTY);
    const infoHash = await labeledExtract(suite, EMPTY, "info_hash", info);
    const context = concat(new Uint8Array([0]), pskIdHash, infoHash);
    const secret = await labeledExtract(suite, sharedSecret, "secret", EMPTY);
    const key = await labeledExpand(suite, secret, "key", context, keyLength);
    const baseNonce = await labeledExpand(suite, secret, "base_nonce", context, 12);
    const aes = await subtle.importKey("raw", key, { name: "AES-GCM" }, false, ["encrypt"]);
    const ciphertext = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv: baseNonce, additionalData: aad }, aes, plaintext));
    return { enc, ciphertext, sharedSecret, context, secret, key, baseNonce };
  }

  async function seal(content, recipients, name, sender) {
    const contentKey = crypto.getRandomValues(new Uint8Array(32));
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const commitment = await hmac(contentKey, COMMITMENT_LABEL);
    const seen = new Set();
    const stanzas = [];
    for (const recipient of recipients) {
      const account = ethers.getAddress(recipient.account);
      const publicKey = fromHex(recipient.key);
      if (publicKey.length !== 32) throw new Error(`not an X25519 key for ${account}`);
      const id = `${account}:${toHex(publicKey)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const info = concat(RECIPIENT_LABEL, fromHex(account), commitment);
      const wrapped = await hpkeSeal(publicKey, info, EMPTY, contentKey, 2);
      // Keys in sorted order: the header is canonical JSON (as Python's sort_keys, no spaces).
      stanzas.push({ account, enc: toHex(wrapped.enc), key: toHex(publicKey), wrapped: toHex(wrapped.ciphertext) });
    }
    if (!stanzas.length) throw new Error("an envelope needs at least one recipient");
    const header = encoder.encode(JSON.stringify({
      commitment: toHex(commitment), nonce: toHex(nonce), recipients: stanzas, suite: SUITE,
    }));
    const inner = encoder.encode(JSON.stringify({
      keccak256: ethers.keccak256(content), name: name || "", sender: sender ? ethers.getAddress(sender) : null, size: content.length,
    }));
    const bodyKey = await subtle.importKey("raw", await hmac(contentKey, BODY_KEY_LABEL), { name: "AES-GCM" }, false, ["encrypt"]);
    const body = new Uint8Array(await subtle.encrypt(
      { name: "AES-GCM", iv: nonce, additionalData: concat(MAGIC, header) },
      bodyKey,
      concat(inner, encoder.encode("\n"), content),
    ));
    contentKey.fill(0);
    return concat(MAGIC, header, encoder.encode("\n"), body);
  }

  window.RantaiSeal = { seal, hpkeSeal, toHex, fromHex };
})();

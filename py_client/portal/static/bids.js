// Rantai portal: sealed bids in the browser (window.RantaiBids), used by portal.js.
//
// Commit: the price is checked against the public HPS, a 32-byte salt is drawn here and the
// commitment keccak256(abi.encode(chainId, tendering, tenderId, bidder, price, salt)) computed
// with ethers. The record is kept in localStorage under a key of its own
// (rantai-salt:<chain>:<tendering>:<tender>:<bidder>:<commitment>) before anything is sent,
// never overwritten by another attempt and never deleted by this page: a refused or rejected
// attempt is only marked as such. Before the wallet is asked to sign, the user downloads a
// backup (the py_client salt-file format, so `rantai bid reveal --salt-dir` can use it) or
// explicitly declines to.
// Reveal: built here. The server tells only the window, the chain's commitment for this bidder
// and the transaction's fixed fields (/api/reveal/<id>); outside the window nothing is sent
// anywhere, and inside it only the wallet sees price and salt, in the signed transaction.
"use strict";

(function () {
  const PREFIX = "rantai-salt:";
  const REVEAL_ABI = ["function revealBid(uint256 tenderId, uint256 priceIdr, bytes32 salt)"];

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : `{${key}}`));

  function keyOf(record) {
    return [
      PREFIX.slice(0, -1),
      record.chainId,
      record.tendering,
      record.tenderId,
      record.bidder,
      record.commitment,
    ].join(":").toLowerCase();
  }

  function commitmentOf(chainId, tendering, tenderId, bidder, price, salt) {
    const encoded = ethers.AbiCoder.defaultAbiCoder().encode(
      ["uint256", "address", "uint256", "address", "uint256", "bytes32"],
      [chainId, tendering, tenderId, bidder, price, salt],
    );
    return ethers.keccak256(encoded);
  }

  // A new record: stored at once under its own key; an existing key is never replaced.
  function keep(record) {
    const key = keyOf(record);
    if (localStorage.getItem(key) !== null) throw new Error(`salt record ${key} exists`);
    localStorage.setItem(key, JSON.stringify({ ...record, status: "kept" }));
    return key;
  }

  // The status of a kept record changes (kept → refused / rejected / sent / committed /
  // revealed); its salt and price never do.
  function mark(record, status) {
    const key = keyOf(record);
    const stored = JSON.parse(localStorage.getItem(key) || "null");
    if (!stored) return;
    stored.status = status;
    localStorage.setItem(key, JSON.stringify(stored));
  }

  function records(chainId, tendering, tenderId, bidder) {
    const prefix = [PREFIX.slice(0, -1), chainId, tendering, tenderId, bidder, ""].join(":").toLowerCase();
    const found = [];
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key && key.toLowerCase().startsWith(prefix)) found.push(JSON.parse(localStorage.getItem(key)));
    }
    return found;
  }

  // The py_client salt-file record (no browser status), for the backup download.
  function saltFile(record) {
    const { status, ...file } = record; // eslint-disable-line no-unused-vars
    return file;
  }

  function backupLink(record, label) {
    const blob = new Blob([JSON.stringify(saltFile(record), null, 2) + "\n"], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${record.chainId}-${record.tendering}-${record.tenderId}-${record.bidder}.json`;
    link.textContent = label;
    link.className = "download-salt";
    return link;
  }

  // Resolves "downloaded" or "declined"; the wallet is asked to sign only after either.
  function backupGate(form, record, words) {
    const panel = form.querySelector(".salt-backup") || document.createElement("div");
    panel.className = "salt-backup";
    panel.replaceChildren();
    const prompt = document.createElement("p");
    prompt.textContent = fill(words.backup_prompt, { tender: record.tenderId });
    const download = document.createElement("button");
    download.type = "button";
    download.className = "backup-download";
    download.textContent = words.backup_download;
    const decline = document.createElement("button");
    decline.type = "button";
    decline.className = "backup-decline";
    decline.textContent = words.backup_decline;
    panel.append(prompt, download, " ", decline);
    form.querySelector(".form-message").before(panel);
    return new Promise((resolve) => {
      download.addEventListener("click", () => {
        const link = backupLink(record, words.download);
        panel.appendChild(link);
        link.click();
        resolve("downloaded");
      });
      decline.addEventListener("click", () => resolve("declined"));
    }).then((choice) => {
      download.disabled = true;
      decline.disabled = true;
      mark(record, choice === "downloaded" ? "kept" : "kept-no-backup");
      const status = form.querySelector('[data-for="salt"]');
      status.textContent = fill(words[`backup_${choice}`], { tender: record.tenderId }) + " ";
      status.appendChild(backupLink(record, words.download));
      panel.remove();
      return choice;
    });
  }

  // Commit, in the browser: the record (kept before anything is sent) or false when the price
  // is wrong (errors shown), or null when the server should name the problem (tender id).
  async function seal(root, form, data, words, showErrors, parseRupiah, formatRupiah) {
    const tenderId = (data.get("tender_id") || "").trim();
    const priceText = data.get("price") || "";
    data.delete("price"); // the price never leaves the browser before the reveal
    if (!/^[1-9][0-9]*$/.test(tenderId)) return null;
    const price = parseRupiah(priceText);
    if (price === null) {
      showErrors(form, { price: words.amount });
      return false;
    }
    const answer = await fetch(`/api/tender/${tenderId}`, { credentials: "same-origin" });
    if (!answer.ok) return null;
    const info = await answer.json();
    if (price === 0n || price > BigInt(info.hpsIdr)) {
      showErrors(form, { price: fill(words.price_above_hps, { price: formatRupiah(price), hps: info.hpsText }) });
      return false;
    }
    const salt = ethers.hexlify(crypto.getRandomValues(new Uint8Array(32)));
    const bidder = root.dataset.address;
    const commitment = commitmentOf(info.chainId, info.tendering, info.tenderId, bidder, price, salt);
    const record = {
      version: 1,
      chainId: Number(info.chainId),
      tendering: info.tendering,
      tenderId: Number(info.tenderId),
      bidder,
      priceIdr: price.toString(),
      salt,
      commitment,
    };
    keep(record); // before anything is sent
    data.set("commitment", commitment);
    return record;
  }

  // Reveal, in the browser. Returns {state, message, hash?, record?}; sends nothing to anyone
  // unless the chain's clock is inside the window and a salt matches the seal on chain.
  async function prepareReveal(root, form, data, words, parseRupiah) {
    const tenderId = (data.get("tender_id") || "").trim();
    if (!/^[1-9][0-9]*$/.test(tenderId)) return { state: "invalid", errors: { tender_id: words.required } };
    const response = await fetch(`/api/reveal/${tenderId}`, { credentials: "same-origin" });
    const info = await response.json();
    if (!info.ok) return { state: "refused", message: info.message };
    if (info.chainNow < info.bidDeadlineAt) {
      return { state: "too-early", message: fill(words.too_early, { tender: tenderId, time: info.opensText }) };
    }
    if (info.chainNow >= info.revealDeadlineAt) {
      return { state: "too-late", message: fill(words.too_late, { tender: tenderId, time: info.closesText }) };
    }
    if (info.bid.state !== "COMMITTED") {
      return { state: "refused", message: fill(words.not_committed, { tender: tenderId }) };
    }
    const onChain = info.bid.commitment.toLowerCase();
    let record = null;
    const typedPrice = (data.get("price") || "").trim();
    const typedSalt = (data.get("salt") || "").trim();
    if (typedPrice || typedSalt) {
      const price = parseRupiah(typedPrice);
      if (price === null || !/^0x[0-9a-fA-F]{64}$/.test(typedSalt)) {
        return { state: "invalid", errors: price === null ? { price: words.amount } : { salt: words.mismatch } };
      }
      const commitment = commitmentOf(info.chainId, info.tendering, info.tenderId, info.bidder, price, typedSalt);
      if (commitment.toLowerCase() !== onChain) return { state: "refused", message: words.mismatch };
      record = { priceIdr: price.toString(), salt: typedSalt, commitment };
    } else {
      record = records(info.chainId, info.tendering, info.tenderId, info.bidder)
        .find((r) => r.commitment.toLowerCase() === onChain) || null;
      if (!record) return { state: "refused", message: fill(words.no_salt, { tender: tenderId }) };
    }
    const calldata = new ethers.Interface(REVEAL_ABI).encodeFunctionData("revealBid", [
      BigInt(info.tenderId),
      BigInt(record.priceIdr),
      record.salt,
    ]);
    const stored = records(info.chainId, info.tendering, info.tenderId, info.bidder)
      .find((r) => r.commitment.toLowerCase() === onChain);
    return { state: "ready", tx: { ...info.tx, data: calldata }, record: stored || null };
  }

  window.RantaiBids = { seal, backupGate, mark, records, prepareReveal, commitmentOf };
})();

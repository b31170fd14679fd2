// Rantai portal: the participant console in the browser (no framework, nothing from the network).
// Sign-in: EIP-4361 message from the server, signed with personal_sign by the EIP-1193 wallet.
// Actions: the server checks the form and prepares an unsigned transaction; the wallet signs and
// sends it (eth_sendTransaction). Sealed bids (bids.js): the salt is made and kept here, only the
// commitment goes to the server, a backup is offered before signing, and the reveal is built
// here inside the reveal window, so price and salt reach no server before the chain.
"use strict";

(function () {
  const root = document.getElementById("console");
  if (!root) return;
  const words = { ...JSON.parse(root.dataset.i18n || "{}"), ...JSON.parse(root.dataset.i18nBids || "{}") };
  const Bids = window.RantaiBids;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_, key) => (key in values ? values[key] : `{${key}}`));

  function wallet() {
    if (!window.ethereum) throw new Error(words.no_wallet);
    return window.ethereum;
  }

  async function post(url, body) {
    const options = { method: "POST", headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body instanceof FormData) {
      options.body = body;
    } else {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body || {});
    }
    const response = await fetch(url, options);
    let answer = {};
    try { answer = await response.json(); } catch (err) { answer = { message: response.statusText }; }
    answer.status = response.status;
    return answer;
  }

  // ------------------------------------------------------------------ sign-in

  async function signIn(message) {
    message.textContent = "";
    try {
      const provider = wallet();
      const [address] = await provider.request({ method: "eth_requestAccounts" });
      const challenge = await post("/auth/challenge", { address });
      if (!challenge.ok) throw new Error(challenge.message);
      const signature = await provider.request({
        method: "personal_sign",
        params: [challenge.message, address],
      });
      const verified = await post("/auth/verify", { message: challenge.message, signature });
      if (!verified.ok) throw new Error(verified.message);
      window.location.reload();
    } catch (err) {
      message.textContent = err.message || String(err);
      message.className = "form-message error";
    }
  }

  const signInButton = document.getElementById("sign-in");
  if (signInButton) {
    signInButton.addEventListener("click", () => signIn(document.getElementById("sign-in-message")));
  }
  const signOutButton = document.getElementById("sign-out");
  if (signOutButton) {
    signOutButton.addEventListener("click", async () => {
      await post("/auth/logout");
      window.location.reload();
    });
  }

  // ------------------------------------------------------------------ sealed bids

  function parseRupiah(text) {
    const body = text.trim().replace(/^rp\.?\s*/i, "");
    if (/^[0-9]+$/.test(body) || /^[0-9]{1,3}(_[0-9]{3})+$/.test(body)) return BigInt(body.replace(/_/g, ""));
    if (/^[0-9]{1,3}(\.[0-9]{3})+$/.test(body)) return BigInt(body.replace(/\./g, ""));
    return null;
  }

  function formatRupiah(value) {
    const grouped = value.toString().replace(/\B(?=(\d{3})+(?!\d))/g, root.dataset.lang === "id" ? "." : ",");
    return `Rp ${grouped}`;
  }

  // ------------------------------------------------------------------ confidential documents

  // Each confidential file is encrypted here (seal.js) to the readers the server names for the
  // process; only the envelope is uploaded. A file that cannot be sealed is never sent.
  async function sealDocuments(form, data) {
    for (const input of form.querySelectorAll("input[type=file][data-seal]")) {
      const file = input.files && input.files[0];
      data.delete(input.name);
      if (!file) continue;
      const query = new URLSearchParams();
      for (const key of ["order_id", "shipment_id"]) {
        const value = String(data.get(key) || "").trim();
        if (/^[1-9][0-9]*$/.test(value)) query.set(key, value);
      }
      if (data.get("skip_missing")) query.set("skip_missing", "true");
      const response = await fetch(`/api/recipients?${query}`, { credentials: "same-origin" });
      let answer = {};
      try { answer = await response.json(); } catch (err) { answer = { message: response.statusText }; }
      if (!answer.ok) {
        setMessage(form, answer.message, true);
        return false;
      }
      const content = new Uint8Array(await file.arrayBuffer());
      const envelope = await window.RantaiSeal.seal(content, answer.recipients, file.name, root.dataset.address);
      data.set(input.name, new Blob([envelope], { type: "application/octet-stream" }), "sealed.rantai");
      form.dataset.sealed = JSON.stringify(answer.recipients.map((r) => r.account));
    }
    return true;
  }

  // ------------------------------------------------------------------ actions

  function showErrors(form, errors) {
    for (const [name, text] of Object.entries(errors || {})) {
      const slot = form.querySelector(`.error[data-for="${name}"]`);
      if (slot) slot.textContent = text;
    }
  }

  function setMessage(form, text, isError) {
    const slot = form.querySelector(".form-message");
    slot.textContent = text;
    slot.className = "form-message" + (isError ? " error" : " ok");
  }

  async function waitForReceipt(hash) {
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const response = await fetch(`/api/receipt/${hash}`, { credentials: "same-origin" });
      const answer = await response.json();
      if (!answer.pending) return answer;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error("timeout");
  }

  async function send(form, tx) {
    try {
      return await wallet().request({ method: "eth_sendTransaction", params: [tx] });
    } catch (err) {
      setMessage(form, err.code === 4001 ? words.rejected : fill(words.failed, { reason: err.message }), true);
      form.dataset.state = "rejected";
      return null;
    }
  }

  async function follow(form, hash) {
    setMessage(form, fill(words.sent, { hash }), false);
    form.dataset.state = "sent";
    const receipt = await waitForReceipt(hash);
    if (receipt.status !== 1) {
      setMessage(form, fill(words.failed, { reason: hash }), true);
      form.dataset.state = "failed";
      return null;
    }
    const ids = Object.entries(receipt.ids || {}).map(([k, v]) => `${k} ${v}`).join(", ");
    setMessage(
      form,
      `${fill(words.sent, { hash })} ${fill(words.mined, { block: receipt.block })} ${receipt.events.join(", ")}${ids ? ` (${ids})` : ""}`,
      false,
    );
    form.dataset.state = "done";
    form.dataset.result = JSON.stringify(receipt.ids || {});
    return receipt;
  }

  // The reveal never goes through the server: see bids.js.
  async function reveal(form, data) {
    const ready = await Bids.prepareReveal(root, form, data, words, parseRupiah);
    if (ready.state !== "ready") {
      showErrors(form, ready.errors);
      setMessage(form, ready.message || words.has_errors, true);
      form.dataset.state = ready.state;
      return;
    }
    const hash = await send(form, ready.tx);
    if (hash === null) return;
    const receipt = await follow(form, hash);
    if (receipt && ready.record) Bids.mark(ready.record, "revealed");
  }

  async function submit(form) {
    form.querySelectorAll(".error").forEach((slot) => { slot.textContent = ""; });
    setMessage(form, "…", false);
    form.dataset.state = "preparing";
    const action = form.dataset.action;
    const data = new FormData(form);
    if (action === "reveal_bid") {
      await reveal(form, data);
      return;
    }
    let sealed = null;
    if (action === "commit_bid") {
      sealed = await Bids.seal(root, form, data, words, showErrors, parseRupiah, formatRupiah);
      if (sealed === false) {
        setMessage(form, words.has_errors, true);
        form.dataset.state = "invalid";
        return;
      }
    }
    if (!(await sealDocuments(form, data))) {
      form.dataset.state = "refused";
      return;
    }
    const prepared = await post(`/api/prepare/${action}`, data);
    if (!prepared.ok) {
      if (sealed) Bids.mark(sealed, "refused"); // kept: never deleted by this page
      showErrors(form, prepared.errors);
      setMessage(form, prepared.message, true);
      form.dataset.state = prepared.errors ? "invalid" : "refused";
      return;
    }
    if (sealed) {
      form.dataset.state = "backup";
      setMessage(form, "", false);
      await Bids.backupGate(form, sealed, words); // downloaded or declined, before signing
    }
    const hash = await send(form, prepared.tx);
    if (hash === null) {
      if (sealed) Bids.mark(sealed, "rejected");
      return;
    }
    if (sealed) Bids.mark(sealed, "sent");
    const receipt = await follow(form, hash);
    if (sealed && receipt) Bids.mark(sealed, "committed");
  }

  document.querySelectorAll("form.action").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit(form).catch((err) => {
        setMessage(form, err.message || String(err), true);
        form.dataset.state = "error";
      });
    });
  });
})();

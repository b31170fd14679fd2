// Tender → order → delivery with ethers v6 and the integration kit only (docs/integration.md).
//
// No Rantai code is used: ABIs, errors and types come from the kit folder (`integration/`, built
// by `make kit`), addresses from the kit's deployment file. The same steps as
// web3_lifecycle.py: the treasury mints the bid bond to the supplier; the agency opens a tender;
// the supplier approves the bond to Tendering and commits a sealed bid (keccak256 of the
// `abi.encode` of chain id, Tendering's address, tender id, bidder, price, salt); a carrier's
// commit is simulated and its revert decoded with the kit's errors.json; reveal, finalisation,
// the order, the escrow approval to OrderEscrow, acceptance, the shipment, two checkpoints, the
// confirmed and paid delivery. The clock moves with anvil's `evm_increaseTime`.
//
// Environment: RANTAI_RPC_URL (default http://127.0.0.1:8545), RANTAI_KIT (default
// ../../integration), RANTAI_DEPLOYMENT (default the kit's first deployments/*.json),
// TREASURY_KEY, AGENCY_KEY, SUPPLIER_KEY, CARRIER_KEY, FISCAL_YEAR (default 2026).
// Prints one JSON document. Usage: `node examples/integration/ethers_lifecycle.mjs`
// (ethers is pinned in package.json: `npm ci`).

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ethers } from "ethers";

const here = dirname(fileURLToPath(import.meta.url));
const KIT = resolve(process.env.RANTAI_KIT || join(here, "..", "..", "integration"));
const RPC_URL = process.env.RANTAI_RPC_URL || "http://127.0.0.1:8545";
const FISCAL_YEAR = Number(process.env.FISCAL_YEAR || "2026");
const HPS_IDR = 100_000_000n; // whole rupiah: the token has 0 decimals
const BOND_IDR = 1_000_000n;
const QUANTITY = 10n;
const UNIT_PRICE_IDR = 9_000_000n; // the bid: 10 x Rp 9.000.000 = Rp 90.000.000
const DAY = 86_400n;

const load = (name) => JSON.parse(readFileSync(join(KIT, name), "utf8"));
const fail = (problem) => {
  console.error(`error: ${problem}`);
  process.exit(1);
};
const check = (condition, problem) => {
  if (!condition) fail(problem);
};

const kit = load("kit.json");
const errors = load("errors.json");
const types = load("types.json");
const ROLES = ["treasury", "agency", "supplier", "carrier"];
const missing = ROLES.map((r) => `${r.toUpperCase()}_KEY`).filter((name) => !process.env[name]);
if (missing.length) fail(`set ${missing.join(", ")} (hex private keys of the participants)`);
if (!process.env.RANTAI_DEPLOYMENT && kit.files.deployments.length === 0) {
  fail("set RANTAI_DEPLOYMENT (this kit ships no deployment file)");
}
const deployment = JSON.parse(
  readFileSync(process.env.RANTAI_DEPLOYMENT || join(KIT, kit.files.deployments[0]), "utf8"),
);
// No response cache (a nonce read twice within 250 ms must not be stale), fast receipt polling.
const provider = new ethers.JsonRpcProvider(RPC_URL, undefined, {
  cacheTimeout: -1,
  pollingInterval: 100,
});
const wallets = Object.fromEntries(
  ROLES.map((role) => [
    role,
    new ethers.Wallet(process.env[`${role.toUpperCase()}_KEY`], provider),
  ]),
);
const contracts = Object.fromEntries(
  Object.entries(kit.contracts).map(([name, entry]) => [
    name,
    new ethers.Contract(deployment.contracts[name].address, load(entry.abi), provider),
  ]),
);
const { Registry: registry, RupiahToken: token, Tendering: tendering } = contracts;
const { OrderEscrow: escrow, ShipmentTracking: tracking } = contracts;
const coder = ethers.AbiCoder.defaultAbiCoder();
const steps = [];

// A bytesN text field: ASCII, left-aligned, zero-padded on the right.
function fixed(text, size) {
  check(/^[\x20-\x7e]*$/.test(text) && text.length <= size, `${text} is not ASCII of <= ${size}`);
  return ethers.zeroPadBytes(ethers.toUtf8Bytes(text), size);
}

// An enum member's number from the kit ("ITenderAwards.TenderStatus", "Awarded").
const enumValue = (qualified, name) => BigInt(types.enums[qualified].indexOf(name));

// A struct read from the chain with the field names of the kit's types.json.
function named(struct, values) {
  return Object.fromEntries(types.structs[struct].map((f, i) => [f.name, values[i]]));
}

// Revert data → { name, args } with the kit's selector table.
function decodeRevert(data) {
  const entry = errors[data.slice(0, 10)];
  check(entry !== undefined, `unknown error selector ${data.slice(0, 10)}`);
  const values = coder.decode(
    entry.inputs.map((i) => i.type),
    ethers.dataSlice(data, 4),
  );
  return { name: entry.name, args: Object.fromEntries(entry.inputs.map((i, k) => [i.name, values[k]])) };
}

async function send(role, contract, method, args, label) {
  const tx = await contract.connect(wallets[role])[method](...args);
  const receipt = await tx.wait();
  check(receipt.status === 1, `${label} failed`);
  steps.push(label);
  return receipt;
}

// The arguments of the first `name` event `contract` emitted in `receipt`.
function event(contract, name, receipt) {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== contract.target.toLowerCase()) continue;
    const parsed = contract.interface.parseLog(log);
    if (parsed && parsed.name === name) return parsed.args;
  }
  return fail(`no ${name} event`);
}

const now = async () => BigInt((await provider.getBlock("latest")).timestamp);

// Anvil only: mine a block at `timestamp` (a real network just waits).
async function advanceTo(timestamp) {
  const delta = timestamp - (await now());
  await provider.send("evm_increaseTime", [Number(delta > 0n ? delta : 1n)]);
  await provider.send("evm_mine", []);
}

async function main() {
  const network = await provider.getNetwork();
  check(network.chainId === BigInt(deployment.chainId), `the node is chain ${network.chainId}`);
  const [agency, supplier, carrier] = ["agency", "supplier", "carrier"].map((r) => wallets[r].address);
  const policy = named("IRegistry.Policy", await registry.policy());
  const minReveal = await tendering.MIN_REVEAL_PERIOD_SEC();

  await send("treasury", token, "mint", [supplier, BOND_IDR], "mint bond money");
  const bidDeadline = (await now()) + policy.minTenderPeriodSec + 600n;
  const revealDeadline = bidDeadline + minReveal + 600n;
  const params = {
    specHash: ethers.id("spesifikasi laptop"),
    specUri: "rantai://docs/spec-laptop",
    items: [{ descriptionHash: ethers.id("Laptop 14 inch"), quantity: QUANTITY, unit: fixed("unit", 16) }],
    hpsIdr: HPS_IDR,
    bidDeadlineAt: bidDeadline,
    revealDeadlineAt: revealDeadline,
    bondIdr: BOND_IDR,
    fiscalYear: FISCAL_YEAR,
    deliveryFromAt: revealDeadline, // the order's deadline lies in this delivery period
    deliveryUntilAt: revealDeadline + 365n * DAY,
  };
  const opened = await send("agency", tendering, "openTender", [params], "open tender");
  const tenderId = event(tendering, "TenderOpened", opened).tenderId;

  // The sealed bid: abi.encode (32-byte words), never solidityPacked.
  const price = QUANTITY * UNIT_PRICE_IDR;
  const salt = ethers.hexlify(ethers.randomBytes(32));
  const commitment = ethers.keccak256(
    coder.encode(
      ["uint256", "address", "uint256", "address", "uint256", "bytes32"],
      [network.chainId, tendering.target, tenderId, supplier, price, salt],
    ),
  );
  const onChain = await tendering.commitmentOf(tenderId, supplier, price, salt);
  check(commitment === onChain, "the commitment differs from Tendering.commitmentOf");
  await send("supplier", token, "approve", [tendering.target, BOND_IDR], "approve bond");

  // A carrier may not bid: simulate its commit and decode the revert with the kit.
  let decoded;
  try {
    await tendering.connect(wallets.carrier).commitBid.staticCall(tenderId, commitment);
    fail("the carrier's commit did not revert");
  } catch (err) {
    check(typeof err.data === "string" && err.data.length >= 10, `no revert data: ${err.message}`);
    decoded = decodeRevert(err.data);
    // The merged ABI holds the Registry's errors too, so ethers decodes it by itself as well.
    check(err.revert?.name === decoded.name, `ethers decoded ${err.revert?.name}`);
  }
  await send("supplier", tendering, "commitBid", [tenderId, commitment], "commit bid");

  await advanceTo(bidDeadline);
  await send("supplier", tendering, "revealBid", [tenderId, price, salt], "reveal bid");
  await advanceTo(revealDeadline);
  const finalised = await send("agency", tendering, "finaliseTender", [tenderId], "finalise tender");
  const award = event(tendering, "TenderAwarded", finalised);
  const tender = named("ITendering.Tender", await tendering.tender(tenderId));
  check(tender.status === enumValue("ITenderAwards.TenderStatus", "Awarded"), "not awarded");
  // Ordering waits for the objection (sanggah) window; nobody objects here.
  await advanceTo(BigInt(tender.objectionEndsAt));

  // The order from the award: the tender's items, lines adding up exactly to the awarded price,
  // and the agency's own reference (unique per organisation; ethers.ZeroHash = none).
  const line = {
    itemHash: ethers.id("Laptop 14 inch"),
    quantity: QUANTITY,
    unitPriceIdr: UNIT_PRICE_IDR,
    unit: fixed("unit", 16),
    originCountry: fixed("ID", 2),
    dueAt: 0,
  };
  const deadline = (await now()) + 30n * DAY;
  const created = await send(
    "agency", escrow, "createOrderFromTender", [tenderId, [line], deadline, 90n * DAY, ethers.id("RUP-0001")], "create order",
  );
  const orderId = event(escrow, "OrderCreated", created).orderId;
  await send("agency", token, "approve", [escrow.target, award.priceIdr], "approve escrow");
  const accepted = await send(
    "supplier", escrow, "acceptOrder", [orderId, ethers.id("kontrak")], "accept order",
  );
  const escrowed = event(escrow, "OrderAccepted", accepted).escrowedIdr;

  const origin = { countryCode: fixed("ID", 2), region: fixed("ID-JB", 32), producerGln: fixed("8991234500017", 32) };
  const registered = await send(
    "supplier", tracking, "registerShipment",
    // the last argument: the shipment's reference (e.g. the waybill), unique per supplier organisation
    [orderId, [QUANTITY], origin, carrier, (await now()) + 7n * DAY, ethers.id(`SJ-${orderId}`)],
    "register shipment",
  );
  const shipmentId = event(tracking, "ShipmentRegistered", registered).shipmentId;
  for (const [kind, location] of [["PickedUp", "IDBDO"], ["Arrived", "IDBDO-GUDANG1"]]) {
    const checkpoint = {
      kind: enumValue("IShipmentTracking.CheckpointKind", kind),
      location: fixed(location, 32),
      latitudeE6: -6_914_744, // micro-degrees
      longitudeE6: 107_609_810,
      occurredAt: await now(),
      evidenceHash: ethers.ZeroHash, // no evidence document
    };
    const ref = ethers.id(`SJ-${orderId}/${kind}`); // the carrier's reference, unique per organisation
    await send("carrier", tracking, "recordCheckpoint", [shipmentId, checkpoint, ref], `checkpoint ${kind}`);
  }
  const confirmed = await send(
    "agency", escrow, "confirmDelivery", [shipmentId, [QUANTITY], ethers.id("BAST-001")], "confirm delivery",
  );
  const payment = event(escrow, "PaymentReleased", confirmed);
  const order = named("IOrderEscrow.Order", await escrow.order(orderId));
  check(order.state === enumValue("IOrderSource.OrderState", "Delivered"), "not delivered");
  check(agency === tender.agency, "the tender's agency is not the signer");

  console.log(
    JSON.stringify({
      tenderId: Number(tenderId),
      orderId: Number(orderId),
      shipmentId: Number(shipmentId),
      priceIdr: Number(award.priceIdr),
      escrowedIdr: Number(escrowed),
      paidIdr: Number(payment.paidIdr),
      penaltyIdr: Number(payment.penaltyIdr),
      retentionIdr: Number(payment.retentionIdr),
      orderState: types.enums["IOrderSource.OrderState"][Number(order.state)],
      decodedError: { name: decoded.name, account: decoded.args.account },
      steps,
    }),
  );
}

main().catch((err) => fail(err.shortMessage || err.message));

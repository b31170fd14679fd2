#!/usr/bin/env bash
# The whole procurement lifecycle with the `rantai` CLI, one role at a time (docs/client.md).
#
# Runs against the local pilot on anvil: a deployment whose participants are bootstrapped (the
# organisations, roles and budget of the test pilot: agency org 10, fiscal year 2026). Needs:
#   RANTAI_RPC_URL, RANTAI_DEPLOYMENT        where the node and the contracts are
#   GOVERNOR_KEY TREASURY_KEY AGENCY_KEY SUPPLIER_KEY SUPPLIER2_KEY CARRIER_KEY CARRIER2_KEY
#   ARBITER_KEY                             hex private keys of the pilot's accounts
#   NEW_ACCOUNT                             an address in no organisation (the governor enrols it)
# Optional: RANTAI="python -m py_client.cli" (default: rantai), RANTAI_SALT_DIR.
# Waiting for deadlines: on anvil the script moves the node's clock (evm_setNextBlockTimestamp); on a real
# network the same steps happen days apart.
set -euo pipefail
cd "$(dirname "$0")"
read -r -a RANTAI_CMD <<< "${RANTAI:-rantai}"
PYTHON="${PYTHON:-python3}"

as() {  # as ROLE_KEY_VARIABLE rantai-arguments... : run rantai signing with that key, JSON out
  local key="$1"; shift
  RANTAI_PRIVATE_KEY="${!key}" "${RANTAI_CMD[@]}" --json "$@"
}
get() {  # get FIELD [FIELD...]: a value out of the JSON document on stdin
  "$PYTHON" -c 'import json, sys
d = json.load(sys.stdin)
for k in sys.argv[1:]:
    d = d[int(k)] if isinstance(d, list) else d[k]
print(d)' "$@"
}
advance() {  # advance SECONDS: mine a block that much later (anvil only)
  "$PYTHON" - "$1" <<'PY'
import json, os, sys, urllib.request
def rpc(method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    request = urllib.request.Request(os.environ["RANTAI_RPC_URL"], body,
                                     {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))
latest = int(rpc("eth_getBlockByNumber", ["latest", False])["result"]["timestamp"], 16)
rpc("evm_setNextBlockTimestamp", [latest + int(sys.argv[1])])
rpc("evm_mine", [])
PY
}
address_of() { RANTAI_PRIVATE_KEY="${!1}" "${RANTAI_CMD[@]}" --json whoami | get result address; }

SUPPLIER=$(address_of SUPPLIER_KEY)
CARRIER=$(address_of CARRIER_KEY)
CARRIER2=$(address_of CARRIER2_KEY)
AGENCY=$(address_of AGENCY_KEY)
echo "agency $AGENCY, supplier $SUPPLIER, carrier $CARRIER"

# --- governor: enrol a new contractor (organisation 24) and its account ---------------------
printf 'PT Contoh Konstruksi, NIB 1234567890123\n' > /tmp/rantai-profile-24.txt
as GOVERNOR_KEY governor register-org 24 contractor --document /tmp/rantai-profile-24.txt > /dev/null
as GOVERNOR_KEY governor add-account "$NEW_ACCOUNT" 24 > /dev/null
as GOVERNOR_KEY governor grant-role supplier "$NEW_ACCOUNT" > /dev/null
echo "governor: organisation 24 enrolled, $NEW_ACCOUNT may bid"

# --- treasury: next year's budget and rupiah for the bidders' bonds ---------------------------
as TREASURY_KEY treasury allocate-budget --org 10 --fiscal-year 2027 --ceiling 75.000.000.000 > /dev/null
as TREASURY_KEY token mint "$SUPPLIER" 50.000.000 > /dev/null
as TREASURY_KEY token mint "$(address_of SUPPLIER2_KEY)" 50.000.000 > /dev/null
echo "treasury: pagu 2027 set, bond money minted"

# --- agency: open a tender ------------------------------------------------------------------
printf 'Spesifikasi teknis: 100 laptop, 20 printer\n' > /tmp/rantai-spec.txt
TENDER=$(as AGENCY_KEY tender open --items items.json --hps 1.000.000.000 --bond 5.000.000 \
  --bid-deadline +3d1h --reveal-deadline +5d --fiscal-year 2026 \
  --spec-uri rantai://docs/spec-laptops --document /tmp/rantai-spec.txt | get tender_id)
echo "agency: tender $TENDER open"

# --- suppliers: sealed bids, then reveals ------------------------------------------------------
as SUPPLIER_KEY bid commit "$TENDER" --price 780.000.000 --approve-bond > /dev/null
as SUPPLIER2_KEY bid commit "$TENDER" --price 850.000.000 --approve-bond > /dev/null
advance $((3 * 86400 + 3601))
as SUPPLIER_KEY bid reveal "$TENDER" > /dev/null
as SUPPLIER2_KEY bid reveal "$TENDER" > /dev/null
echo "suppliers: two bids committed and revealed"

# --- anyone: finalise; agency: the order from the award ---------------------------------------
advance $((2 * 86400))
as AGENCY_KEY tender finalise "$TENDER" | get transactions 0 events 0 name
advance $((5 * 86400))  # the objection (sanggah) window: ordering waits for it
ORDER=$(as AGENCY_KEY order create-from-tender "$TENDER" --lines lines-tender.json \
  --delivery-deadline +30d --maintenance 90d --approve | get order_id)
printf 'Surat perjanjian (signed contract)\n' > /tmp/rantai-contract.txt
as SUPPLIER_KEY order accept "$ORDER" --document /tmp/rantai-contract.txt > /dev/null
echo "agency and supplier: order $ORDER signed, money in escrow"

# --- supplier ships; carriers track and hand over -------------------------------------------------
SHIPMENT=$(as SUPPLIER_KEY shipment register "$ORDER" --file shipment.json --carrier "$CARRIER" \
  --expected-arrival +5d | get shipment_id)
as CARRIER_KEY shipment checkpoint "$SHIPMENT" --kind picked-up --location IDCGK \
  --lat -6.1256 --lon 106.6559 > /dev/null
as CARRIER_KEY shipment nominate "$SHIPMENT" "$CARRIER2" > /dev/null
as CARRIER2_KEY shipment accept-custody "$SHIPMENT" > /dev/null
advance 86400
as CARRIER2_KEY shipment checkpoint "$SHIPMENT" --kind arrived --location IDJKT > /dev/null
echo "carriers: shipment $SHIPMENT arrived"

# --- agency: confirm the delivery (BAST) and pay -----------------------------------------------
printf 'Berita acara serah terima barang\n' > /tmp/rantai-bast.txt
as AGENCY_KEY order confirm-delivery "$SHIPMENT" --received received.json \
  --document /tmp/rantai-bast.txt > /dev/null
echo "agency: delivery confirmed and paid"

# --- a direct purchase that goes to the arbiter ------------------------------------------------
DIRECT=$(as AGENCY_KEY order create-direct --supplier "$SUPPLIER" --fiscal-year 2026 \
  --lines lines-direct.json --delivery-deadline +30d --maintenance 30d --approve | get order_id)
as SUPPLIER_KEY order accept "$DIRECT" --document /tmp/rantai-contract.txt > /dev/null
as SUPPLIER_KEY dispute open "$DIRECT" --hash 0x$(printf '%064d' 1) > /dev/null
# the other party is heard before a ruling (or its response window of 3 days passes)
as AGENCY_KEY dispute respond "$DIRECT" --hash 0x$(printf '%064d' 3) > /dev/null
HELD=$(as AGENCY_KEY status "order:$DIRECT" | get result order unpaid_idr)
as ARBITER_KEY dispute resolve "$DIRECT" --to-supplier $((HELD / 2)) --hash 0x$(printf '%064d' 2) > /dev/null
echo "arbiter: dispute on order $DIRECT resolved"

# --- after the maintenance period: retention to the supplier -----------------------------------
advance $((91 * 86400))
as SUPPLIER_KEY order release-retention "$ORDER" > /dev/null

# --- auditor (read-only: no key needed) --------------------------------------------------------
env -u RANTAI_PRIVATE_KEY "${RANTAI_CMD[@]}" status "tender:$TENDER"
env -u RANTAI_PRIVATE_KEY "${RANTAI_CMD[@]}" --json status "order:$ORDER" | get result order state

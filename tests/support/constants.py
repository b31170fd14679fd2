"""The test pilot: fiscal year, budget, organisation ids, role account names, org kinds.

The session's deployed system (tests/conftest.py) registers these organisations and roles;
tests import the numbers from here.
"""

from py_client.ops.system import ORG_KIND

OCID_PREFIX = "ocds-rantai"
FISCAL_YEAR = 2026
BUDGET_CEILING_IDR = 50_000_000_000
AGENCY_FUNDS_IDR = 20_000_000_000

# Organisation ids of the test pilot (IRegistry.OrgKind values in comments).
GOVERNANCE_ORG = 1  # Governance
AGENCY_ORG = 10  # Agency
AGENCY2_ORG = 11  # Agency
SUPPLIER_ORG = 20  # Supplier
SUPPLIER2_ORG = 21  # Supplier
SUPPLIER3_ORG = 22  # Supplier
CONTRACTOR_ORG = 23  # Contractor
CARRIER_ORG = 30  # Carrier
CARRIER2_ORG = 31  # Carrier
AUDITOR_ORG = 40  # Auditor
ARBITER_ORG = 50  # Arbiter
TREASURY_ORG = 60  # Treasury

# The role-named account fixtures below, in account order.
ROLE_NAMES = (
    "governor",
    "treasury",
    "agency",
    "agency2",
    "supplier",
    "supplier2",
    "supplier3",
    "contractor",
    "carrier",
    "carrier2",
    "auditor",
    "arbiter",
    "outsider",
)

# The pilot's agencies (organisation, role account name): each account is its organisation's
# payout account and holds AGENCY_FUNDS_IDR; each organisation has the FISCAL_YEAR budget ceiling.
AGENCIES = ((AGENCY_ORG, "agency"), (AGENCY2_ORG, "agency2"))

# The callers of the contracts' access-matrix tests: one account of each role and the outsider;
# each test file adds the member of a suspended organisation (and any extra callers it needs).
ACCESS_CALLERS = (
    "governor",
    "treasury",
    "agency",
    "supplier",
    "carrier",
    "auditor",
    "arbiter",
    "outsider",
)

KIND = ORG_KIND  # IRegistry.OrgKind by name (py_client/ops/system.py)

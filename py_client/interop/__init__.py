"""Talking to the systems around Rantai: standard exports of the audit index, imports of plans.

- :mod:`py_client.interop.ocds` — Open Contracting (OCDS 1.1) release and record packages
  (point-in-time releases built by :mod:`py_client.interop.ocds_process`; the vendored schema
  and extensions under ``standard/`` and ``extensions/``).
- :mod:`py_client.interop.cardinal` — the inputs of OCP's Cardinal red-flag tool.
- :mod:`py_client.interop.epcis` — GS1 EPCIS 2.0 events of shipments and receipts
  (:mod:`py_client.interop.gs1`: SSCCs, location URIs, local time zones).
- :mod:`py_client.interop.payments` — every money movement for the treasury's systems (CSV).
- :mod:`py_client.interop.spse` — tenders and orders from SPSE/SiRUP-shaped spreadsheets.
- :mod:`py_client.interop.index` — opening the audit index these exports read.

The exports read only the audit database (``rantai audit sync``); the imports send through the
agency role of a connected :class:`~py_client.client.Rantai`.
"""

"""The money API collections, one module per area (``ledger``, ``mtfs``, ``forecast``, ``resources``),
registered in ``beacon.api``."""

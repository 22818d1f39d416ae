"""The money pages, one module per area: the savings ledger and tracker (``ledger``), the MTFS (``mtfs``),
the forecast (``forecast``), and benefits, costs, funding and contracts (``resources``). Each module holds
its own ``urlpatterns``, joined in ``beacon.finance.urls``."""

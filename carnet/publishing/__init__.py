"""Publishing: the page store, its invalidation, the fast path and `carnet build`."""

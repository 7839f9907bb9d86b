"""Where the record lives: the Store interface and its backends."""
from .base import EXPORT_KINDS, EventFilter, QuoteFilter, Store, StoreError, WriteResult, open_store

__all__ = ["EXPORT_KINDS", "EventFilter", "QuoteFilter", "Store", "StoreError", "WriteResult", "open_store"]

"""Decoupled side effects of publishing (cache purge, search index) are connected here."""

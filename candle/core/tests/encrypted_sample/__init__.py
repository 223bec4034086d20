"""A model with encrypted fields, installed in test settings only (no migrations: the test
database creates its table directly), so the field types are tested on a real table."""

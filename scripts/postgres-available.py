"""Exit 0 when a PostgreSQL server answers at DATABASE_URL (default: postgres@127.0.0.1)."""

import os
import sys

url = os.environ.get("CANDLE_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
try:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3) as connection:
        connection.execute("select 1")
except Exception as error:  # noqa: BLE001 - any failure means "not available"
    print(f"PostgreSQL not available at {url}: {error}", file=sys.stderr)
    sys.exit(1)

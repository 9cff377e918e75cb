"""Keep the query planner informed after bulk writes (imports, the demo).

PostgreSQL's autovacuum refreshes statistics by itself, but only after a while; SQLite only
when asked. Without them SQLite picks full scans for multi-word name searches once the
customer base grows (docs/benchmarks.md).
"""

from django.db import connection


def statistics_refresh() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

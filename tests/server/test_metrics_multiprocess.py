"""With PROMETHEUS_MULTIPROC_DIR set, /metrics adds up every worker's numbers from that folder.

Each "worker" is a separate Python process, as under ``dealdesk serve --workers N``
(prometheus-client picks its multiprocess storage when it is imported, so the
variable must be set before the server starts).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WORKER = """
import sys
from server.metrics import Metrics
metrics = Metrics()
metrics.requests.labels("/graphql", "POST", "2xx").inc(int(sys.argv[1]))
if len(sys.argv) > 2:
    sys.stdout.write(metrics.exposition().decode())
"""


def run_worker(folder: Path, *args: str) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", WORKER, *args],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_multiprocess_mode_adds_up_every_workers_counts(tmp_path: Path) -> None:
    run_worker(tmp_path, "2")
    run_worker(tmp_path, "3")
    text = run_worker(tmp_path, "1", "scrape")

    assert 'dealdesk_http_requests_total{method="POST",route="/graphql",status="2xx"} 6.0' in text

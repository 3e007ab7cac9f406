#!/usr/bin/env python3
"""Load soak: the production server (gunicorn, 2 workers) on loopback at a steady rate for
10 minutes, recording memory and errors; stops by itself. `make soak`.

Writes bench/results/soak.json.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import DEV, RESULTS, free_port, questions_of, read_questions, rss_mb  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=40, help="requests per second")
    parser.add_argument("--models", default=str(ROOT / "models"))
    args = parser.parse_args()
    questions = [q for q, _ in questions_of(read_questions(DEV))]
    tmp = Path(tempfile.mkdtemp())
    port = free_port()
    env = dict(os.environ, MODEL_PATH=args.models, DATABASE_PATH=str(tmp / "q.sqlite3"), RATE_LIMIT="100000000/minute")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "engine.web:create_app()"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    samples = []
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/readyz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        workers = [int(p) for p in subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()]
        end = time.monotonic() + args.minutes * 60
        interval = 1 / args.rate

        def send(i):
            body = json.dumps({"question": questions[i % len(questions)] + f" {i % 997}"}).encode()
            req = urllib.request.Request(url + "/api/ask", data=body, headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    ok = r.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            with lock:
                counts["ok" if ok else "errors"] += 1

        i, next_at, next_sample = 0, time.monotonic(), time.monotonic()
        while time.monotonic() < end:
            now = time.monotonic()
            if now >= next_sample:
                samples.append({"t_s": round(args.minutes * 60 - (end - now)), "rss_mb": [rss_mb(p) for p in workers], **counts})
                next_sample += 30
            threading.Thread(target=send, args=(i,), daemon=True).start()
            i += 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))
        time.sleep(2)
        samples.append({"t_s": round(args.minutes * 60), "rss_mb": [rss_mb(p) for p in workers], **counts})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    first, last = samples[1] if len(samples) > 1 else samples[0], samples[-1]
    result = {"minutes": args.minutes, "rate_per_s": args.rate, "requests": counts["ok"] + counts["errors"],
              "errors": counts["errors"], "rss_first_mb": first["rss_mb"], "rss_last_mb": last["rss_mb"], "samples": samples}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}))
    return 0 if counts["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

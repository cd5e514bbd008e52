#!/usr/bin/env python3
"""Open to first frame, whole process, beside sqlite3 reading the same 37 days, interleaved (one
app start, one sqlite3 run, and again), so a shared machine's load falls on both alike.

Usage: scripts/first_frame.py DIARY [RUNS] [BINARY...]
  DIARY  a diary made with `TZ=Europe/Berlin DOSEDIARY_NOW=2026-11-20T15:30:00+01:00
         dosediary --db DIARY demo --days 3650`
  BINARY defaults to target/release/dosediary (build it with `cargo build --release`).
Each app start runs in a 200x60 pseudo-terminal until the Today tab's "Next dose" panel is
written (as benches/diary.rs "whole process" does); sqlite3 is spawned the same way (Python's
subprocess), so both carry the same spawn cost. Prints min, p25 and median wall times in ms.
"""
import fcntl, os, select, struct, subprocess, sys, termios, time

db = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bins = sys.argv[3:] or [os.path.join(root, "target/release/dosediary")]
env = dict(os.environ, DOSEDIARY_DB=db, DOSEDIARY_NOW="2026-11-20T15:30:00+01:00",
           DOSEDIARY_NO_AUTO_BACKUP="1", TZ="Europe/Berlin", TERM="xterm-256color")
query = ("SELECT * FROM entries WHERE taken_at_utc >= '2026-10-14T14:30:00Z' AND deleted_at_utc "
         "IS NULL ORDER BY taken_at_utc; SELECT * FROM regimens;")


def first_frame(binary):
    master, slave = os.openpty()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
    t = time.perf_counter()
    p = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=slave, env=env,
                         start_new_session=True)
    seen = b""
    while b"Next" not in seen:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            sys.exit(f"{binary}: no first frame within 10 s")
        seen += os.read(master, 65536)
    ms = (time.perf_counter() - t) * 1000
    p.kill()
    p.wait()
    os.close(master)
    os.close(slave)
    return ms


def sqlite3():
    t = time.perf_counter()
    subprocess.run(["sqlite3", db, query], stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t) * 1000


times = {b: [] for b in bins}
times["sqlite3"] = []
for _ in range(runs):
    for b in bins:
        times[b].append(first_frame(b))
    times["sqlite3"].append(sqlite3())
floor = sorted(times["sqlite3"])[runs // 2]
for name, v in times.items():
    v.sort()
    print(f"{name[-40:]:40} min {v[0]:6.2f}  p25 {v[runs // 4]:6.2f}  median {v[runs // 2]:6.2f} ms"
          f"  ({v[runs // 2] / floor:.1f}x sqlite3)")

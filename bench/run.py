#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: tpoint and LTTng-UST side by side, in one run, on the same event.

    python3 bench/run.py BUILD_DIR [--quick]

Each case runs tpoint and LTTng-UST interleaved (A B A B ...), 5 repetitions each, N events
per thread, for 1 and 2 threads, and 8 threads (more than this machine's CPUs: N/8 each),
and prints one table: min and median ns per event, the aggregate events/s, events lost
(checked: fired == recorded + lost; a count above what was fired is refused, not printed),
peak RSS of the traced program and of the recorder (tpoint record) or consumer daemon
(lttng-consumerd), the CPU time the recorder or consumer spent per event, and the ratios
tpoint/LTTng-UST and tpoint/floor. Then instructions per event from callgrind (the
loop function only), the cost of starting a program linked with each tracer when nobody
traces it, a sustained 10M events/s for 10 s in discard mode with the default buffers, and
the cost of one event through the tracepoint's USDT probe with bpftrace attached (as root).

It starts its own lttng-sessiond (and stops it by its pid at the end); traces go to a
directory in /dev/shm that is removed at the end.
"""
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

B = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
QUICK = "--quick" in sys.argv
N = 200_000 if QUICK else 10_000_000
REPS = 1 if QUICK else 5
CG_N = 50_000 if QUICK else 200_000
TP = f"{B}/bench/tp-bench"
LT = f"{B}/bench/lttng-bench"
PLAIN = f"{B}/bench/plain"
TOOL = f"{B}/tpoint"
BPFTRACE = shutil.which("bpftrace")
USDT_N = 20_000 if QUICK else 500_000     # each one a breakpoint trap: microseconds
SHM = tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None,
                       prefix="tpoint-bench-")
sessiond = None
IMPLAUSIBLE = {}    # LTTng-UST discarded counts above what was fired, per case: not printed


def die(msg):
    print(f"bench: {msg}", file=sys.stderr)
    cleanup()
    sys.exit(1)


def cleanup():
    global sessiond
    if sessiond and sessiond.poll() is None:
        subprocess.run(["lttng", "destroy", "-a"], capture_output=True)
        sessiond.send_signal(signal.SIGTERM)
        try:
            sessiond.wait(10)
        except subprocess.TimeoutExpired:
            sessiond.kill()
    sessiond = None
    shutil.rmtree(SHM, ignore_errors=True)


def hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(cmd, env=None, watch=False):
    """Run cmd; returns (stdout, stderr, peak RSS kB of cmd's own process if watch, CPU
    seconds of cmd and of the children it waited for)."""
    with tempfile.TemporaryFile(mode="w+") as fo, tempfile.TemporaryFile(mode="w+") as fe:
        p = subprocess.Popen(cmd, stdout=fo, stderr=fe, text=True, env=env)
        peak = 0
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG if watch else 0)
            if pid:
                break
            peak = max(peak, hwm_kb(p.pid))
            time.sleep(0.02)
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read(), fe.read()
    if p.returncode != 0:
        die(f"{' '.join(map(str, cmd))} failed ({p.returncode}): {err.strip()[-300:]}")
    return out, err, peak, ru.ru_utime + ru.ru_stime


def proc_cpu_s(pid):
    """CPU seconds (user + system) a process has used so far, 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def parse(out):
    for line in out.splitlines():
        f = line.split()
        if len(f) == 7 and f[1].isdigit():
            return {"ns": float(f[2]), "evps": float(f[3]), "fired": int(f[4]),
                    "rss": int(f[5]), "cpu": float(f[6]) / 1e3}
    die(f"no result in: {out!r}")


# ---------------------------------------------------------------------------------------
# tpoint

def per_thread(threads):
    """N events per thread; N/8 each for the many-threads case (the same total as one)."""
    return N if threads <= 2 else N // threads


def tp_run(case, threads, mode=None):
    n = per_thread(threads)
    if mode is None:
        out, _, _, _ = run([TP, case, str(n), str(threads)])
        r = parse(out)
        r.update(lost=0, recorded=None, helper_rss=0, helper_ns=None)
        return r
    dat = f"{SHM}/tp.dat"
    if os.path.exists(dat):
        os.unlink(dat)
    cmd = [TOOL, "record", "-o", dat, "-e", "bench:bench_event"]
    if mode == "overwrite":
        cmd.append("--overwrite")
    out, err, peak, cpu = run(cmd + ["--", TP, "record", str(n), str(threads)], watch=True)
    r = parse(out)
    m = re.search(r"tpoint record: (\d+) events, (\d+) lost", err)
    if not m:
        die(f"tpoint record said: {err!r}")
    r.update(recorded=int(m.group(1)), lost=int(m.group(2)), helper_rss=peak)
    # The recorder's own CPU: what tpoint record and the program used, less the program's.
    r["helper_ns"] = (cpu - r["cpu"]) * 1e9 / max(r["recorded"], 1)
    if r["recorded"] + r["lost"] != r["fired"]:
        die(f"tpoint lost count not exact: {r}")
    os.unlink(dat)
    return r


# ---------------------------------------------------------------------------------------
# LTTng-UST

def lttng(*args):
    p = subprocess.run(["lttng", *args], capture_output=True, text=True)
    if p.returncode != 0:
        die(f"lttng {' '.join(args)}: {p.stderr.strip()}")
    return p.stdout


def start_sessiond():
    global sessiond
    if subprocess.run(["pgrep", "-x", "lttng-sessiond"], capture_output=True).returncode == 0:
        die("an lttng-sessiond is already running; stop it first (this benchmark starts its "
            "own and stops it at the end)")
    sessiond = subprocess.Popen(["lttng-sessiond", "--no-kernel"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    for _ in range(100):
        if subprocess.run(["lttng", "list"], capture_output=True).returncode == 0:
            return
        time.sleep(0.1)
    die("lttng-sessiond did not come up")


def consumerd_rss():
    p = subprocess.run(["pgrep", "-x", "lttng-consumerd"], capture_output=True, text=True)
    return max([hwm_kb(int(x)) for x in p.stdout.split()] or [0])


def counted(trace):
    """Events in a CTF trace, by babeltrace2's counter sink."""
    p = subprocess.run(["babeltrace2", trace, "-c", "sink.utils.counter"], capture_output=True,
                       text=True)
    totals = re.findall(r"(\d+) Event messages", p.stdout)
    return int(totals[-1]) if totals else 0


def consumerd_cpu_s():
    p = subprocess.run(["pgrep", "-x", "lttng-consumerd"], capture_output=True, text=True)
    return sum(proc_cpu_s(int(x)) for x in p.stdout.split())


def tp_clock():
    """The clock tpoint record picks here (--clock auto), from a tiny recording's header."""
    dat = f"{SHM}/clock.dat"
    run([TOOL, "record", "-o", dat, "-e", "bench:bench_event", "--", TP, "record", "10", "1"])
    out, _, _, _ = run([TOOL, "report", dat])
    os.unlink(dat)
    m = re.search(r"^# clock: (.*)$", out, re.M)
    return m.group(1) if m else "unknown"


def lt_run(case, threads, mode=None, count=False):
    n = per_thread(threads)
    if mode is None:
        out, _, _, _ = run([LT, "empty" if case == "empty" else "run", str(n), str(threads)])
        r = parse(out)
        r.update(lost=0, recorded=None, helper_rss=0, helper_ns=None)
        return r
    trace = f"{SHM}/lt"
    shutil.rmtree(trace, ignore_errors=True)
    lttng("create", "bench", f"--output={trace}")
    lttng("enable-channel", "-u", "ch", *(["--overwrite"] if mode == "overwrite" else []))
    lttng("enable-event", "-u", "-c", "ch", "bench_lttng:*")
    lttng("start")
    cpu0 = consumerd_cpu_s()
    out, _, _, _ = run([LT, "run", str(n), str(threads)])
    lttng("stop")
    listing = lttng("list", "bench")
    lttng("destroy", "bench")
    cpu1 = consumerd_cpu_s()
    r = parse(out)
    m = re.search(r"Discarded events: (\d+)", listing)
    r["lost"] = int(m.group(1)) if m else 0
    if r["lost"] > r["fired"]:
        IMPLAUSIBLE.setdefault(f"{threads} threads, {mode}", []).append((r["lost"], r["fired"]))
        r["lost"] = None
    r["helper_ns"] = (cpu1 - cpu0) * 1e9 / max(r["fired"] - (r["lost"] or 0), 1)
    r["recorded"] = None
    if count:
        r["recorded"] = counted(trace)
        if mode == "discard" and r["lost"] is not None and \
                r["recorded"] + r["lost"] != r["fired"]:
            die(f"LTTng-UST lost count not exact: {r}")
    r["helper_rss"] = consumerd_rss()
    shutil.rmtree(trace, ignore_errors=True)
    return r


# ---------------------------------------------------------------------------------------
# callgrind: instructions per event inside the loop function

def instructions(cmd_prefix, binary, case, fn):
    cg = f"{SHM}/cg.out"
    cmd = cmd_prefix + ["valgrind", "--tool=callgrind", f"--toggle-collect={fn}",
                        f"--callgrind-out-file={cg}", binary, case, str(CG_N), "1"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        die(f"callgrind of {binary} {case}: {p.stderr.strip()[-300:]}")
    a = subprocess.run(["callgrind_annotate", cg], capture_output=True, text=True).stdout
    m = re.search(r"([\d,]+)\s+(\(100\.0%\)\s+)?PROGRAM TOTALS", a)
    os.unlink(cg)
    return int(m.group(1).replace(",", "")) / CG_N if m else float("nan")


# ---------------------------------------------------------------------------------------
# USDT: the same call site, enabled only by bpftrace's uprobe on its SDT probe

def usdt_runs():
    """ns per event of tp-bench usdt under bpftrace with an empty action, REPS runs: the
    semaphore opens the branch, the nop traps into the uprobe, which runs the BPF program.
    A string instead when it cannot run here."""
    if os.geteuid() != 0:
        return "not root (bpftrace attaches uprobes)"
    if not BPFTRACE:
        return "bpftrace is not installed (scripts/deps.sh bench installs it)"
    res = []
    for _ in range(REPS):
        p = subprocess.run(["timeout", "300", BPFTRACE, "-e", f"usdt:{TP}:bench:bench_event {{}}",
                            "-c", f"{TP} usdt {USDT_N} 1"], capture_output=True, text=True)
        got = [line.split() for line in p.stdout.splitlines()]
        got = [f for f in got if len(f) == 7 and f[0] == "usdt"]
        if p.returncode != 0 or not got:
            err = [line for line in p.stderr.splitlines() if "RLIMIT_MEMLOCK" not in line]
            return f"bpftrace failed ({p.returncode}): {(err or ['no output'])[-1]}"
        res.append(float(got[0][2]))
    return res


def startup(binary, args, runs=30):
    ns, threads = [], 0
    for _ in range(runs):
        env = dict(os.environ, TPOINT_BENCH_T0=str(time.clock_gettime_ns(time.CLOCK_MONOTONIC)))
        out = subprocess.run([binary, *args], capture_output=True, text=True, env=env).stdout
        f = out.split()
        ns.append(int(f[1]))
        threads = int(f[2])
    return statistics.median(ns) / 1000, threads


# ---------------------------------------------------------------------------------------

def fmt_ns(v):
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def max_lost(rs):
    lost = [r["lost"] for r in rs if r["lost"] is not None]
    return f"{max(lost):,}" if lost else "refused"


def helper_ns(rs):
    v = [r["helper_ns"] for r in rs if r["helper_ns"] is not None]
    return f"{statistics.median(v):.1f}" if v else ""


def ratio(a, b):
    return f"{a / b:.2f}" if b > 0 else "-"


def main():
    for b in (TP, LT, PLAIN, TOOL):
        if not os.access(b, os.X_OK):
            die(f"{b} is missing: run 'make bench'")
    rows = []

    # Startup first: nobody traces (no session daemon yet).
    st = {"plain": startup(PLAIN, []), "tpoint": startup(TP, ["startup"]),
          "lttng": startup(LT, ["startup"])}

    clock = tp_clock()
    start_sessiond()
    cases = [("empty loop", "empty", None), ("disabled", "disabled", None),
             ("enabled, discard", "record", "discard"),
             ("enabled, overwrite", "record", "overwrite")]
    floors = {}
    for threads in (1, 2, 8):
        fl = [parse(run([TP, "floor", str(per_thread(threads)), str(threads)])[0])
              for _ in range(REPS)]
        floors[threads] = fl
        for label, case, mode in cases:
            if threads > 2 and mode is None:
                continue    # more threads than CPUs: what matters is what gets recorded
            tps, lts = [], []
            for rep in range(REPS):
                tps.append(tp_run(case, threads, mode))
                lts.append(lt_run(case, threads, mode, count=(rep == 0 and mode == "discard")))
            rows.append((label, threads, tps, lts))
        rows.append(("floor (clock + 24-byte store)", threads, fl, None))

    cg = {
        "tpoint disabled": instructions([], TP, "disabled", "loop_tracepoint"),
        "tpoint empty loop": instructions([], TP, "empty", "loop_empty"),
        # valgrind runs tp-bench: its events cannot be seen beforehand (--missing-ok)
        "tpoint enabled": instructions([TOOL, "record", "-o", f"{SHM}/cg.dat", "--overwrite",
                                        "--missing-ok", "-e", "bench:bench_event", "--"],
                                       TP, "record",
                                       "loop_tracepoint"),
        "lttng empty loop": instructions([], LT, "empty", "loop_empty"),
        "lttng disabled": instructions([], LT, "run", "loop_tracepoint"),
    }
    lttng("create", "cg", f"--output={SHM}/cg-lt")
    lttng("enable-event", "-u", "bench_lttng:*")
    lttng("start")
    cg["lttng enabled"] = instructions([], LT, "run", "loop_tracepoint")
    lttng("destroy", "cg")

    # Sustained 10M events/s for 10 s, discard mode, default buffers, the file written.
    secs = "2" if QUICK else "10"
    dat = f"{SHM}/paced.dat"
    out, err, _, _ = run([TOOL, "record", "-o", dat, "-e", "bench:bench_event", "--", TP, "paced",
                       "10000000", secs])
    m = re.search(r"tpoint record: (\d+) events, (\d+) lost", err)
    paced_tp = (out.split()[1], out.split()[2], m.group(1), m.group(2))
    os.unlink(dat)
    lttng("create", "paced", f"--output={SHM}/paced-lt")
    lttng("enable-event", "-u", "bench_lttng:*")
    lttng("start")
    out, _, _, _ = run([LT, "paced", "10000000", secs])
    lttng("stop")
    lm = re.search(r"Discarded events: (\d+)", lttng("list", "paced"))
    lttng("destroy", "paced")
    paced_lt = (out.split()[1], out.split()[2], lm.group(1) if lm else "?")
    cleanup()
    usdt = usdt_runs()

    # ------------------------------------------------------------------- the table
    med = statistics.median
    print(f"\nN = {N:,} events per thread, {REPS} runs each, tpoint and LTTng-UST "
          f"interleaved; ns per event (min / median), aggregate events/s (median)\n")
    print("| case | threads | tpoint ns min / med | LTTng-UST ns min / med | tpoint Mev/s | "
          "LTTng Mev/s | tpoint lost | LTTng lost | RSS prog tp / lt (MB) | "
          "RSS recorder / consumerd (MB) | recorder / consumerd CPU ns per event | "
          "tpoint / LTTng | tpoint / floor |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, threads, tps, lts in rows:
        tmin, tmed = min(r["ns"] for r in tps), med(r["ns"] for r in tps)
        fmed = med(r["ns"] for r in floors[threads])
        if lts is None:
            print(f"| {label} | {threads} | {fmt_ns(tmin)} / {fmt_ns(tmed)} | | "
                  f"{med(r['evps'] for r in tps) / 1e6:.1f} | | | | "
                  f"{max(r['rss'] for r in tps) / 1024:.1f} | | | | 1.00 |")
            continue
        lmin, lmed = min(r["ns"] for r in lts), med(r["ns"] for r in lts)
        print(f"| {label} | {threads} | {fmt_ns(tmin)} / {fmt_ns(tmed)} | "
              f"{fmt_ns(lmin)} / {fmt_ns(lmed)} | {med(r['evps'] for r in tps) / 1e6:.1f} | "
              f"{med(r['evps'] for r in lts) / 1e6:.1f} | {max_lost(tps)} | {max_lost(lts)} | "
              f"{max(r['rss'] for r in tps) / 1024:.1f} / "
              f"{max(r['rss'] for r in lts) / 1024:.1f} | "
              f"{max(r['helper_rss'] for r in tps) / 1024:.1f} / "
              f"{max(r['helper_rss'] for r in lts) / 1024:.1f} | "
              f"{helper_ns(tps)} / {helper_ns(lts)} | {ratio(tmed, lmed)} | "
              f"{ratio(tmed, fmed)} |")
    for case, bad in IMPLAUSIBLE.items():
        print(f"\nRefused, not counted above ({case}): in {len(bad)} of {REPS} runs LTTng-UST "
              f"reported more events discarded than fired: " +
              ", ".join(f"{lost:,} of {fired:,}" for lost, fired in bad) + ".")
    one = {l: med(r["evps"] for r in t) for l, th, t, _ in rows if th == 1}
    two = {l: med(r["evps"] for r in t) for l, th, t, _ in rows if th == 2}
    print("\nScaling, events/s with 2 threads / 1 thread (median): " + ", ".join(
        f"{l}: tpoint {two[l] / one[l]:.2f}x" for l in one if l.startswith("enabled")) + "; " +
        ", ".join(f"{l}: LTTng-UST {med(r['evps'] for r in t2) / med(r['evps'] for r in t1):.2f}x"
                  for (l, th, _, t2) in rows if th == 2 and l.startswith("enabled")
                  for (l1, th1, _, t1) in rows if th1 == 1 and l1 == l))
    lt_one = {l: med(r["evps"] for r in t) for l, th, _, t in rows if th == 1 and t}
    eight = {l: (med(r["evps"] for r in t), med(r["evps"] for r in lt))
             for l, th, t, lt in rows if th == 8 and lt}
    print("\nMore threads than CPUs, events/s with 8 threads / 1 thread (median): " + ", ".join(
        f"{l}: tpoint {tp / one[l]:.2f}x, LTTng-UST {lt / lt_one[l]:.2f}x"
        for l, (tp, lt) in eight.items()))
    print(f"\nClocks: tpoint record's choice here (--clock auto): {clock}. LTTng-UST: its "
          "default clock, CLOCK_MONOTONIC.")
    print("\nInstructions per event, callgrind, inside the loop function:\n")
    print("| | tpoint | LTTng-UST |\n| --- | --- | --- |")
    print(f"| empty loop | {cg['tpoint empty loop']:.1f} | {cg['lttng empty loop']:.1f} |")
    print(f"| disabled | {cg['tpoint disabled']:.1f} (+{cg['tpoint disabled'] - cg['tpoint empty loop']:.1f})"
          f" | {cg['lttng disabled']:.1f} (+{cg['lttng disabled'] - cg['lttng empty loop']:.1f}) |")
    print(f"| enabled | {cg['tpoint enabled']:.1f} | {cg['lttng enabled']:.1f} |")
    print("\nStartup, nobody tracing (median of 30, exec to main):\n")
    print("| program | us to main | threads at main |\n| --- | --- | --- |")
    for k, label in (("plain", "plain C, no tracer"), ("tpoint", "linked with libtpoint"),
                     ("lttng", "linked with LTTng-UST")):
        print(f"| {label} | {st[k][0]:.0f} | {st[k][1]} |")
    discard1 = [(t, lt) for l, th, t, lt in rows if th == 1 and l == "enabled, discard"][0]
    print(f"\nOne event through its USDT probe: bpftrace attached to the same call site with "
          f"an empty action, the event enabled by the semaphore alone (the nop traps into the "
          f"uprobe, which runs a BPF program), 1 thread, {USDT_N:,} events per run:\n")
    if isinstance(usdt, str):
        print(f"- USDT through bpftrace: not measured: {usdt}")
    else:
        print(f"- USDT through bpftrace: {fmt_ns(min(usdt))} / **{fmt_ns(med(usdt))}** ns "
              f"(min / median of {len(usdt)})")
    print(f"- tpoint, enabled, discard: {fmt_ns(med(r['ns'] for r in discard1[0]))} ns; "
          f"LTTng-UST: {fmt_ns(med(r['ns'] for r in discard1[1]))} ns (medians, from the "
          f"table)")
    print(f"\nSustained 10M events/s for {secs} s, discard mode, default buffers, file "
          f"written:\n")
    print(f"- tpoint: fired {int(paced_tp[0]):,} at {float(paced_tp[1]) / 1e6:.2f}M/s, "
          f"recorded {int(paced_tp[2]):,}, lost {int(paced_tp[3]):,}")
    print(f"- LTTng-UST: fired {int(paced_lt[0]):,} at {float(paced_lt[1]) / 1e6:.2f}M/s, "
          f"lost {paced_lt[2]}")


try:
    main()
finally:
    cleanup()

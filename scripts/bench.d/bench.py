#!/usr/bin/python3
"""Helpers of scripts/bench (Python standard library only; run with the host's /usr/bin/python3).

  bench.py etcd-fill N            keys /bench/0000000 .. N-1 (txns of 128 puts over the HTTP gateway); extra keys deleted
  bench.py etcd-count             number of keys under /bench/
  bench.py minio-fill N           objects obj-0000 .. N-1 in bucket `bench` (~5 MiB each, half random, half text)
  bench.py minio-stats            "<objects> <bytes>" of bucket `bench`
  bench.py minio-drop             delete bucket `bench` and everything in it
  bench.py s3-rm-prefix PREFIX    delete every object under PREFIX in the backup storage's bucket (logiq-backups)
  bench.py monitor OUT [--pid P]  probe etcd (read+write) and MinIO every 50 ms, sample VmRSS of P every 0.2 s;
                                  on SIGTERM/SIGINT write a JSON summary to OUT
  bench.py product-summary RESP   JSON summary of a GET /api/backups/runs/{id} response
  bench.py report DIR DOC         table on stdout, Markdown to DOC, from the JSON results in DIR
"""

import base64
import concurrent.futures
import datetime
import http.client
import json
import os
import random
import signal
import socket
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lab.d"))
import s3lab  # noqa: E402  (the lab's SigV4 client)

ETCD = ("127.0.0.1", 2379)
MINIO = ("127.0.0.1", 9000)
BUCKET = "bench"
ETCD_PREFIX = "/bench/"
PROBE_KEY = "/bench-probe/heartbeat"   # outside /bench/: the probe does not change the key count


def b64(s):
    return base64.b64encode(s.encode() if isinstance(s, str) else s).decode()


def etcd_post(path, body, timeout=30.0):
    conn = http.client.HTTPConnection(*ETCD, timeout=timeout)
    try:
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError("etcd %s: HTTP %s %s" % (path, r.status, data[:300]))
        return json.loads(data or b"{}")
    finally:
        conn.close()


def etcd_key(i):
    return "%s%07d" % (ETCD_PREFIX, i)


def etcd_count():
    # range over the prefix: [/bench/, /bench0)
    r = etcd_post("/v3/kv/range", {"key": b64(ETCD_PREFIX), "range_end": b64("/bench0"), "count_only": True})
    return int(r.get("count", 0))


def etcd_value(i):
    # Patroni-/config-like JSON values, ~120 bytes, partly random
    rnd = random.Random(i)
    return json.dumps({"id": i, "node": "node-%02d" % (i % 17), "state": ("running", "stopped", "starting")[i % 3],
                       "xlog": rnd.getrandbits(48), "token": "%032x" % rnd.getrandbits(128),
                       "ts": 1767225600 + i * 7}, separators=(",", ":"))


def etcd_fill(n):
    have = etcd_count()
    if have > n:
        etcd_post("/v3/kv/deleterange", {"key": b64(etcd_key(n)), "range_end": b64("/bench0")})
        have = etcd_count()
        if have == n:
            compact_defrag()
    if have == n:
        print("etcd: %d keys under %s (already there)" % (n, ETCD_PREFIX))
        return
    # Which keys are missing? List keys only, in pages.
    present = set()
    start = ETCD_PREFIX
    while True:
        r = etcd_post("/v3/kv/range", {"key": b64(start), "range_end": b64("/bench0"), "keys_only": True,
                                       "limit": 10000})
        kvs = r.get("kvs", [])
        for kv in kvs:
            present.add(base64.b64decode(kv["key"]).decode())
        if not r.get("more"):
            break
        start = base64.b64decode(kvs[-1]["key"]).decode() + "\0"
    missing = [i for i in range(n) if etcd_key(i) not in present]
    t0 = time.time()
    batches = [missing[k:k + 128] for k in range(0, len(missing), 128)]  # etcd's default --max-txn-ops is 128

    def put_batch(batch):
        ops = [{"request_put": {"key": b64(etcd_key(i)), "value": b64(etcd_value(i))}} for i in batch]
        etcd_post("/v3/kv/txn", {"success": ops})

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        list(ex.map(put_batch, batches))
    compact_defrag()
    print("etcd: wrote %d keys in %.1f s; %d keys under %s (history compacted, defragmented)" % (
        len(missing), time.time() - t0, etcd_count(), ETCD_PREFIX))


def compact_defrag():
    """Drops the history the fill made (so the db file holds the data, not every revision of it)."""
    rev = int(etcd_post("/v3/maintenance/status", {})["header"]["revision"])
    etcd_post("/v3/kv/compaction", {"revision": rev, "physical": True}, timeout=120)
    etcd_post("/v3/maintenance/defragment", {}, timeout=120)


# ---- MinIO ---------------------------------------------------------------------------------------------

WORDS = ("GET POST PUT DELETE api v1 v2 users orders invoices events metrics health login logout session "
         "token refresh upload download report export import sync queue worker shard replica leader follower "
         "commit rollback timeout retry ok error warn info debug cache hit miss eviction compaction merge "
         "partition offset lag consumer producer topic broker cluster node disk memory cpu latency").split()
LEVELS = ("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR")


def minio_object(i):
    """(key, body, content type): deterministic name and size; even i random bytes, odd i log-like text."""
    rnd = random.Random(1000003 * i + 7)
    size = 4 * 1024 * 1024 + rnd.randrange(2 * 1024 * 1024)  # 4..6 MiB, 5 MiB on average
    if i % 2 == 0:
        return "data/obj-%04d.bin" % i, os.urandom(size), "application/octet-stream"
    lines, total, t = [], 0, 1767225600.0 + i * 3600
    while total < size:
        t += rnd.random() * 0.05
        line = "%s %-5s host-%02d [%s] %s /%s/%s/%d took=%dms bytes=%d trace=%016x\n" % (
            datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f"),
            rnd.choice(LEVELS), rnd.randrange(24), rnd.choice(WORDS), rnd.choice(WORDS), rnd.choice(WORDS),
            rnd.choice(WORDS), rnd.randrange(100000), rnd.randrange(2000), rnd.randrange(1 << 20),
            rnd.getrandbits(64))
        lines.append(line)
        total += len(line)
    body = "".join(lines).encode()[:size]
    return "logs/obj-%04d.log" % i, body, "text/plain"


def minio_key_size(i):
    rnd = random.Random(1000003 * i + 7)
    size = 4 * 1024 * 1024 + rnd.randrange(2 * 1024 * 1024)
    return ("data/obj-%04d.bin" % i) if i % 2 == 0 else ("logs/obj-%04d.log" % i), size


def minio_client():
    return s3lab.lab_client("minio")


def minio_fill(n):
    s3 = minio_client()
    s3.make_bucket(BUCKET)
    present = {o["key"]: o["size"] for o in s3.list(BUCKET)}
    wanted = dict(minio_key_size(i) for i in range(n))
    extra = [k for k in present if k not in wanted]
    for k in extra:
        s3.delete(BUCKET, k)
    missing = [i for i in range(n) if present.get(minio_key_size(i)[0]) != minio_key_size(i)[1]]
    if not missing and not extra:
        print("minio: %d objects in bucket %s (already there)" % (n, BUCKET))
        return
    t0 = time.time()

    def put(i):
        key, body, ctype = minio_object(i)
        s3lab.S3(s3.scheme + "://" + s3.hostport, s3.ak, s3.sk, timeout=120).put(BUCKET, key, body, ctype)

    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        list(ex.map(put, missing))
    objs, size = minio_stats()
    print("minio: wrote %d objects, deleted %d, in %.1f s; bucket %s: %d objects, %d bytes" % (
        len(missing), len(extra), time.time() - t0, BUCKET, objs, size))


def minio_stats():
    s3 = minio_client()
    if BUCKET not in s3.buckets():
        return 0, 0
    objs = s3.list(BUCKET)
    return len(objs), sum(o["size"] for o in objs)


def minio_drop():
    s3 = minio_client()
    if BUCKET not in s3.buckets():
        print("minio: no bucket %s" % BUCKET)
        return
    objs = s3.list(BUCKET)
    for o in objs:
        s3.delete(BUCKET, o["key"])
    s3.request("DELETE", BUCKET, ok=(200, 204))
    print("minio: deleted bucket %s (%d objects)" % (BUCKET, len(objs)))


def s3_rm_prefix(prefix):
    s3 = s3lab.lab_client("backup")
    bucket = "logiq-backups"
    objs = s3.list(bucket, prefix)
    for o in objs:
        s3.delete(bucket, o["key"])
    print("backup-s3: deleted %d objects (%d bytes) under %s/%s" % (
        len(objs), sum(o["size"] for o in objs), bucket, prefix))


# ---- monitor -------------------------------------------------------------------------------------------

class Prober(threading.Thread):
    """Calls probe() every `interval` seconds on a fixed grid; records (start, ok, latency)."""

    def __init__(self, name, probe, interval, stop):
        super().__init__(daemon=True, name=name)
        self.probe, self.interval, self.stop = probe, interval, stop
        self.records = []

    def run(self):
        t0 = time.monotonic()
        k = 0
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                ok = bool(self.probe())
                err = None
            except Exception as e:  # noqa: BLE001 - any failure is "down"
                ok, err = False, type(e).__name__
            self.records.append((time.time(), start, ok, time.monotonic() - start, err))
            k = max(k + 1, int((time.monotonic() - t0) / self.interval) + 1)
            delay = t0 + k * self.interval - time.monotonic()
            if delay > 0:
                self.stop.wait(delay)

    def summary(self, end_mono):
        recs = self.records
        outages, cur = [], None
        for wall, mono, ok, lat, err in recs:
            if not ok and cur is None:
                cur = {"from": wall, "mono": mono, "failed_probes": 0, "errors": {}}
            if not ok:
                cur["failed_probes"] += 1
                cur["errors"][err or "bad answer"] = cur["errors"].get(err or "bad answer", 0) + 1
            if ok and cur is not None:
                cur["seconds"] = round(mono - cur.pop("mono"), 3)
                outages.append(cur)
                cur = None
        if cur is not None:
            cur["seconds"] = round(end_mono - cur.pop("mono"), 3)
            cur["still_down_at_end"] = True
            outages.append(cur)
        for o in outages:
            o["from"] = datetime.datetime.fromtimestamp(o["from"]).isoformat(timespec="milliseconds")
        return {
            "probes": len(recs),
            "failed_probes": sum(1 for r in recs if not r[2]),
            "longest_down_seconds": max((o["seconds"] for o in outages), default=0.0),
            "total_down_seconds": round(sum(o["seconds"] for o in outages), 3),
            "outages": outages,
            "max_probe_latency_seconds": round(max((r[3] for r in recs), default=0.0), 3),
        }


def probe_etcd():
    v = b64("%.3f" % time.time())
    conn = http.client.HTTPConnection(*ETCD, timeout=1.0)
    try:
        conn.request("POST", "/v3/kv/put", body=json.dumps({"key": b64(PROBE_KEY), "value": v}),
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            return False
        conn.request("POST", "/v3/kv/range", body=json.dumps({"key": b64(PROBE_KEY)}),
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        return r.status == 200 and json.loads(data)["kvs"][0]["value"] == v
    finally:
        conn.close()


def probe_minio():
    # any HTTP answer counts as up (the anonymous request gets 403); refused / reset / timeout is down
    conn = http.client.HTTPConnection(*MINIO, timeout=1.0)
    try:
        conn.request("GET", "/")
        conn.getresponse().read()
        return True
    finally:
        conn.close()


def rss_kib(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
    return out


def monitor(out, pid=None):
    stop = threading.Event()
    probers = [Prober("etcd", probe_etcd, 0.05, stop), Prober("minio", probe_minio, 0.05, stop)]
    rss = {"samples": 0, "peak_kib": 0, "hwm_kib": 0}

    def sample():
        while not stop.is_set():
            try:
                r = rss_kib(pid)
                rss["samples"] += 1
                rss["peak_kib"] = max(rss["peak_kib"], r.get("VmRSS", 0))
                rss["hwm_kib"] = max(rss["hwm_kib"], r.get("VmHWM", 0))
            except (OSError, ValueError):
                pass
            stop.wait(0.2)

    threads = list(probers)
    if pid:
        threads.append(threading.Thread(target=sample, daemon=True))
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    started = time.time()
    for t in threads:
        t.start()
    while not stop.is_set():
        stop.wait(0.5)
    end = time.monotonic()
    for t in threads:
        t.join(timeout=3)
    result = {"started": datetime.datetime.fromtimestamp(started).isoformat(timespec="milliseconds"),
              "seconds": round(time.time() - started, 3),
              "etcd": probers[0].summary(end), "minio": probers[1].summary(end)}
    if pid:
        result["rss"] = rss
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=1)
    os.replace(tmp, out)


# ---- product run summary -------------------------------------------------------------------------------

def parse_ts(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")) if s else None


def engine_timeline(run_start, activities_file, joblog_file):
    """Per BPMN activity: instances, first start and last end (seconds from the run's start); failed jobs."""
    try:
        with open(activities_file) as f:
            acts = json.load(f)
        with open(joblog_file) as f:
            jobs = json.load(f)
    except (OSError, ValueError):
        return None
    per = {}
    for a in acts:
        st, en = parse_ts(a.get("startTime")), parse_ts(a.get("endTime"))
        if st is None:
            continue
        p = per.setdefault(a["activityId"], {"activity": a["activityId"], "name": a.get("activityName"),
                                             "instances": 0, "first_start": None, "last_end": None, "max_seconds": 0})
        p["instances"] += 1
        off = (st - run_start).total_seconds()
        p.setdefault("starts", []).append(round(off, 2))
        p["first_start"] = off if p["first_start"] is None else min(p["first_start"], off)
        if en is not None:
            p["last_end"] = max(p["last_end"] or 0, (en - run_start).total_seconds())
            p["max_seconds"] = max(p["max_seconds"], (en - st).total_seconds())
    timeline = sorted(per.values(), key=lambda p: p["first_start"])
    for p in timeline:
        p["starts"].sort()
        for k in ("first_start", "last_end", "max_seconds"):
            if p[k] is not None:
                p[k] = round(p[k], 2)
    failures = [{"activity": j.get("activityId"), "message": (j.get("jobExceptionMessage") or "")[:200],
                 "at": round((parse_ts(j["timestamp"]) - run_start).total_seconds(), 2) if j.get("timestamp") else None}
                for j in jobs if j.get("failureLog")]
    return {"activities": timeline, "jobs": sum(1 for j in jobs if j.get("creationLog")),
            "job_failures": failures}


def product_summary(resp_file, activities_file=None, joblog_file=None):
    with open(resp_file) as f:
        resp = json.load(f)
    run, arts = resp["run"], resp.get("artifacts", [])
    comps = {}
    for a in arts:
        c = comps.setdefault(a["component"], {"artifacts": 0, "bytes": 0, "first_start": None, "last_finish": None,
                                              "statuses": {}, "messages": []})
        c["artifacts"] += 1
        c["bytes"] += a.get("sizeBytes") or 0
        c["statuses"][a["status"]] = c["statuses"].get(a["status"], 0) + 1
        st, fi = parse_ts(a.get("startedAt")), parse_ts(a.get("finishedAt"))
        if st and (c["first_start"] is None or st < c["first_start"]):
            c["first_start"] = st
        if fi and (c["last_finish"] is None or fi > c["last_finish"]):
            c["last_finish"] = fi
        if a.get("message") and a["status"] != "verified":
            c["messages"].append(a["message"][:300])
    out = {}
    run_start = parse_ts(run.get("startedAt"))
    for name in run.get("components") or sorted(comps):
        c = comps.get(name)
        if c is None:
            out[name] = {"seconds": None, "bytes": 0, "artifacts": 0, "status": "no artifact"}
            continue
        secs = (c["last_finish"] - c["first_start"]).total_seconds() if c["first_start"] and c["last_finish"] else None
        status = "ok" if {k.lower() for k in c["statuses"]} == {"verified"} else ",".join(
            "%s×%d" % kv for kv in sorted(c["statuses"].items()))
        out[name] = {"seconds": round(secs, 2) if secs is not None else None, "bytes": c["bytes"],
                     "artifacts": c["artifacts"], "status": status, "messages": c["messages"][:3],
                     "start_offset": round((c["first_start"] - run_start).total_seconds(), 2)
                     if c["first_start"] and run_start else None,
                     "first_start": c["first_start"].isoformat() if c["first_start"] else None,
                     "last_finish": c["last_finish"].isoformat() if c["last_finish"] else None}
    detail = []
    for a in sorted(arts, key=lambda a: a.get("startedAt") or ""):
        st, fi = parse_ts(a.get("startedAt")), parse_ts(a.get("finishedAt"))
        name = (a.get("remoteLocation") or a.get("localLocation") or "").rsplit("/", 1)[-1]
        detail.append({"component": a["component"], "node": a.get("node"), "kind": a.get("kind"), "file": name,
                       "bytes": a.get("sizeBytes"), "status": a.get("status"),
                       "offset": round((st - run_start).total_seconds(), 2) if st and run_start else None,
                       "seconds": round((fi - st).total_seconds(), 2) if st and fi else None})
    st, fi = parse_ts(run.get("startedAt")), parse_ts(run.get("finishedAt"))
    engine = engine_timeline(run_start, activities_file, joblog_file) if activities_file and run_start else None
    return {"run_id": run["id"], "status": run["status"], "message": run.get("message"), "artifacts": detail,
            "engine": engine,
            "catalog_seconds": round((fi - st).total_seconds(), 2) if st and fi else None,
            "components": out, "bytes": sum(c["bytes"] for c in out.values())}


# ---- report --------------------------------------------------------------------------------------------

ORDER = ["clickhouse", "keeper", "etcd", "postgresql", "minio", "vault", "ansible"]


def last_artifact_end(r):
    """Seconds from the run's start until its last artifact was stored and verified (None without artifacts)."""
    ends = [a["offset"] + a["seconds"] for a in (r or {}).get("artifacts") or []
            if a.get("offset") is not None and a.get("seconds") is not None]
    return max(ends) if ends else None


def human(n):
    if n is None:
        return "–"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return ("%d %s" % (n, unit)) if unit == "B" else ("%.1f %s" % (n, unit))
        n /= 1024.0


def secs(x):
    return "–" if x is None else "%.1f s" % x


def report(results_dir, doc):
    with open(os.path.join(results_dir, "meta.json")) as f:
        meta = json.load(f)
    runs = []
    for name in sorted(os.listdir(results_dir)):
        if name.startswith(("product-", "regulation-")) and name.endswith(".json"):
            with open(os.path.join(results_dir, name)) as f:
                runs.append(json.load(f))
    main_scale = meta["scale"]
    prod = [r for r in runs if r["side"] == "product"]
    reg = [r for r in runs if r["side"] == "regulation"]
    prod.sort(key=lambda r: (r["scale"], r.get("run_in_app", 1)))
    prod_main = next((r for r in prod if r["scale"] == main_scale and r.get("run_in_app", 1) == 1), None)
    reg_main = next((r for r in reg if r["scale"] == main_scale), None)

    def comp_secs(r, c):
        return (r or {}).get("components", {}).get(c, {}).get("seconds") if r else None

    def comp_status(r, c):
        return (r or {}).get("components", {}).get(c, {}).get("status", "–") if r else "–"

    lines = []
    w = lines.append
    w("| | product (`POST /api/backups/runs`) | regulation (`backup-all.sh` re-enacted) |")
    w("|---|---|---|")
    w("| status | %s | %s |" % ((prod_main or {}).get("status", "not run"), (reg_main or {}).get("status", "not run")))
    w("| total wall time | %s | %s |" % (secs((prod_main or {}).get("wall_seconds")),
                                         secs((reg_main or {}).get("wall_seconds"))))
    for c in ORDER:
        off = (prod_main or {}).get("components", {}).get(c, {}).get("start_offset")
        w("| — %s | %s (%s%s) | %s (%s) |" % (c, secs(comp_secs(prod_main, c)), comp_status(prod_main, c),
                                             "" if off is None else ", from +%.1f s" % off,
                                             secs(comp_secs(reg_main, c)), comp_status(reg_main, c)))
    for svc, label in (("etcd", "etcd downtime (longest)"), ("minio", "MinIO downtime (longest)")):
        w("| %s | %s | %s |" % (label,
                                secs((prod_main or {}).get("monitor", {}).get(svc, {}).get("longest_down_seconds")),
                                secs((reg_main or {}).get("monitor", {}).get(svc, {}).get("longest_down_seconds"))))
    w("| bytes written | %s stored (×2: S3 + local copy) | %s (local files) |" % (
        human((prod_main or {}).get("bytes")), human((reg_main or {}).get("bytes"))))
    work = last_artifact_end(prod_main)
    w("| last artifact verified at | %s | (= wall time) |" % (
        "–" if work is None else "+%.1f s after the start (the run then took %.1f s more to close)" % (
            work, prod_main["wall_seconds"] - work)))
    w("| load average (1 min) before → after | %s | %s |" % tuple(
        "–" if not r else "%s → %s" % (r.get("load_before"), r.get("load_after")) for r in (prod_main, reg_main)))
    ratio = None
    if prod_main and reg_main and prod_main.get("wall_seconds") and reg_main.get("wall_seconds"):
        ratio = prod_main["wall_seconds"] / reg_main["wall_seconds"]
    w("| wall time ratio product / regulation | %s (target ≤ 0.35)%s | |" % (
        "–" if ratio is None else "%.2f" % ratio,
        "" if ratio is None or work is None else "; %.2f on the last artifact's finish" % (
            work / reg_main["wall_seconds"])))
    rss = (prod_main or {}).get("monitor", {}).get("rss", {})
    w("| peak RSS of the app | %s | |" % (
        "%s sampled, VmHWM %s" % (human(rss["peak_kib"] * 1024), human(rss["hwm_kib"] * 1024)) if rss else "–"))
    table = "\n".join(lines)

    rss_lines = ["| data scale | run in the app | PG db | MinIO | etcd keys | status | wall time | bytes stored | "
                 "last artifact at | MinIO down | peak RSS (sampled) | VmHWM | load before → after |",
                 "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in prod:
        d = r.get("data", {})
        rs = r.get("monitor", {}).get("rss", {})
        k = r.get("run_in_app", 1)
        lae = last_artifact_end(r)
        rss_lines.append("| %s | %s | %s | %s in %s objects | %s | %s | %s | %s | %s | %s | %s | %s | %s → %s |" % (
            r["scale"], "1st (app just started)" if k == 1 else "%d (warm)" % k, human(d.get("pg_db_bytes")),
            human(d.get("minio_bytes")), d.get("minio_objects"), d.get("etcd_keys"), r.get("status"),
            secs(r.get("wall_seconds")), human(r.get("bytes")), "–" if lae is None else "+%.1f s" % lae,
            secs(r.get("monitor", {}).get("minio", {}).get("longest_down_seconds")),
            human((rs.get("peak_kib") or 0) * 1024), human((rs.get("hwm_kib") or 0) * 1024),
            r.get("load_before"), r.get("load_after")))
    rss_table = "\n".join(rss_lines)

    print()
    print(table)
    print()
    print(rss_table)
    print()
    if ratio is not None:
        print("ratio product/regulation: %.2f (target <= 0.35)" % ratio)
    if doc:
        write_doc(doc, meta, prod_main, reg_main, prod, reg, table, rss_table, ratio)
        print("wrote %s" % doc)


NOTES_BEGIN = "<!-- notes: kept when scripts/bench rewrites this file -->"
NOTES_END = "<!-- /notes -->"


def kept_notes(doc):
    try:
        with open(doc) as f:
            text = f.read()
    except OSError:
        return None
    if NOTES_BEGIN in text and NOTES_END in text:
        return text[text.index(NOTES_BEGIN):text.index(NOTES_END) + len(NOTES_END)]
    return None


def write_doc(doc, meta, prod_main, reg_main, prod, reg, table, rss_table, ratio):
    d = (prod_main or reg_main or {}).get("data", {})
    notes = kept_notes(doc) or (NOTES_BEGIN + "\n## Notes\n\n(hand-written analysis goes here)\n" + NOTES_END)
    out = []
    w = out.append
    w("# Benchmark: full backup, product vs. the regulation's `backup-all.sh`")
    w("")
    w("Written by `scripts/bench backup` (%s). Rerun: `sudo scripts/bench backup` (options below); the numbers "
      "below are from the run of **%s** on `%s`." % (meta["command"], meta["date"], meta["host"]))
    w("")
    w("**Machine:** %s, %d cores, %s RAM, %s. **Shared**: other engineers' builds and integration tests ran on "
      "the same 2-core machine at the same time, so single numbers can be off by tens of percent; the lab's "
      "servers (etcd, PostgreSQL, s3proxy, ClickHouse, three ZooKeepers, the backup S3 server) all run on it too. "
      "Both sides ran one after the other on the same data set." % (
          meta["cpu"], meta["cores"], human(meta["mem_bytes"]), meta["os"]))
    w("")
    w("**Data present** (scale %s): PostgreSQL `earth` %s (`pg_database_size`; table `bench_events` %s rows, "
      "%s with indexes), all databases %s; MinIO %s in %d objects (bucket `bench`: %d objects, %s; "
      "volume on disk %s); etcd %d keys under `/bench/` (%d keys in all, db file %s); ClickHouse config, "
      "Keeper trees, Vault store and Ansible repository as seeded by the lab (small)." % (
          meta["scale"], human(d.get("pg_db_bytes")), d.get("pg_rows"), human(d.get("pg_table_bytes")),
          human(d.get("pg_all_db_bytes")), human(d.get("minio_total_bytes")), d.get("minio_total_objects") or 0,
          d.get("minio_objects") or 0, human(d.get("minio_bytes")), human(d.get("minio_volume_bytes")),
          d.get("etcd_keys") or 0, d.get("etcd_all_keys") or 0, human(d.get("etcd_db_bytes"))))
    w("")
    if meta.get("app_args"):
        w("**App started with extra arguments** (an experiment, not the shipped defaults): `%s`." % meta["app_args"])
        w("")
    w("## Result")
    w("")
    w(table)
    w("")
    if ratio is not None:
        w("**Ratio product / regulation: %.2f** (target ≤ 0.35: %s)." % (ratio, "met" if ratio <= 0.35 else "**not met**"))
        w("")
    for r in (prod_main, reg_main):
        if not r:
            continue
        not_ok = []
        for c in ORDER:
            cc = r.get("components", {}).get(c, {})
            if cc.get("status") not in (None, "ok"):
                not_ok.append("`%s`: %s%s" % (c, cc.get("status"), (" — " + "; ".join(cc.get("messages") or []))
                                             if cc.get("messages") else ""))
        if not_ok:
            w("%s side, components not ok: %s" % (r["side"].capitalize(), "; ".join(not_ok)))
            w("")
    w("Per component: the product runs all seven in parallel, so the per-component times overlap and do not add "
      "up to the wall time; each is first artifact start → last artifact finish from the run's catalog "
      "(`GET /api/backups/runs/{id}`), i.e. including upload to S3, the local copy and the read-back check. "
      "The regulation runs them one after the other; each is the step's own time in the script.")
    w("")
    if prod_main and prod_main.get("artifacts"):
        w("Product side, every artifact (time from the run's start; seconds = the artifact's own start → finish, "
          "i.e. dump/archive, compression, S3 upload + local copy, read-back):")
        w("")
        w("| component | node | file | stored | from | seconds | status |")
        w("|---|---|---|---|---|---|---|")
        for a in prod_main["artifacts"]:
            w("| %s | %s | `%s` | %s | +%s s | %s | %s |" % (a["component"], a.get("node") or "", a.get("file"),
                                                          human(a.get("bytes")), a.get("offset"), a.get("seconds"),
                                                          (a.get("status") or "").lower()))
        w("")
    eng = (prod_main or {}).get("engine")
    if eng and eng.get("activities"):
        w("Product side, the engine's history of the run (Camunda activity instances; seconds from the run's start):")
        w("")
        w("| BPMN activity | instances | started at | last end | longest |")
        w("|---|---|---|---|---|")
        for a in eng["activities"]:
            w("| %s (`%s`) | %d | %s | %s | %s |" % (a.get("name") or "", a["activity"], a["instances"],
                                                  ", ".join("+%s" % x for x in a.get("starts", [a["first_start"]])),
                                                  "–" if a["last_end"] is None else "+%s s" % a["last_end"],
                                                  secs(a["max_seconds"])))
        w("")
        if eng.get("job_failures"):
            w("Failed job attempts (retried by the engine): " + "; ".join(
                "+%s s %s: %s" % (f["at"], f["activity"], f["message"]) for f in eng["job_failures"][:5]))
            w("")
    w("### Product runs: data size, repeats, peak RSS")
    w("")
    w(rss_table)
    w("")
    w(rss_note(prod))
    w("")
    w("### Downtime detail")
    w("")
    for r in (prod_main, reg_main):
        if not r:
            continue
        for svc in ("etcd", "minio"):
            m = r.get("monitor", {}).get(svc, {})
            outs = m.get("outages", [])
            w("- %s, %s: %d probes, %d failed; %s" % (
                r["side"], svc, m.get("probes", 0), m.get("failed_probes", 0),
                "no outage" if not outs else "outages " + ", ".join(
                    "%s s from %s (%s)" % (o["seconds"], o["from"][11:23],
                                          ", ".join("%s×%d" % kv for kv in o["errors"].items())) for o in outs)))
    w("")
    if reg_main:
        w("Regulation side, step log:")
        w("")
        w("```")
        w(reg_main.get("log", "").rstrip())
        w("```")
        w("")
    w(notes)
    w("")
    w(METHOD_NOTES)
    with open(doc, "w") as f:
        f.write("\n".join(out) + "\n")


def rss_note(prod):
    pts = [(r["scale"], (r.get("monitor", {}).get("rss", {}).get("hwm_kib") or 0), r.get("bytes") or 0)
           for r in prod if r.get("run_in_app", 1) == 1]
    if len(pts) < 2 or not pts[0][1]:
        return "Only one data scale was measured in this run."
    lo, hi = pts[0], pts[-1]
    return ("Between scale %s and %s the stored bytes grew %.1f×, the app's peak RSS (VmHWM) %.2f× "
            "(%s → %s): %s" % (
                lo[0], hi[0], (hi[2] / lo[2]) if lo[2] else float("nan"), hi[1] / lo[1], human(lo[1] * 1024),
                human(hi[1] * 1024),
                "flat in data size — artifacts are streamed, never held in memory; what RSS there is is the "
                "JVM's heap sizing (default max heap = ¼ of RAM, grown lazily), Camunda, and the web stack."
                if hi[1] / lo[1] < 1.25 else
                "it grew with data size; see the heap notes below."))


METHOD_NOTES = """## What was measured, and how

`scripts/bench backup [--scale F] [--rss-scales LIST] [--product-runs N] [--quiet-wait S]` (as root; it calls
`scripts/lab up` first). Order: fill to each `--rss-scales` value below F and run the product once there; fill to
F; the product N times in one app (the table shows the first, on a freshly started JVM — the usual case for
a nightly timer is a warm app, hence the repeats); the regulation once. With `--quiet-wait S` each measured run
first waits (at most S seconds) for the 1-minute load average to drop below 1.5; the load before and after
each run is recorded.

1. **Fills the lab** to the scale (idempotent; grows or shrinks to the target, skips what is there):
   PostgreSQL `earth.bench_events` (2.1 M rows × scale from `generate_series`: timestamps, hosts, levels, numbers,
   an md5 trace id and a log-like message — compressible, not trivially), MinIO bucket `bench` (200 × scale
   objects of 4–6 MiB: half `os.urandom`, half log-like text), etcd 100 000 × scale keys `/bench/NNNNNNN`
   (~150-byte JSON values, written as 128-put transactions over the HTTP gateway).
2. **Product**: builds the jar if it is older than the sources, copies it to a scratch dir, starts it with
   `RUNBOOK_INVENTORY` = a copy of `/var/lib/runbook-lab/inventory.yml` whose `storage` points at a scratch local
   root and the S3 prefix `bench-<stamp>` (so the benchmark's artifacts never mix with anyone's, and can be
   deleted afterwards) and without the `schedules` (no timer may start a backup during the measurement) —
   everything else is the lab's inventory as is —, `RUNBOOK_DATA_DIR` = scratch (fresh H2), a random
   admin password and a free port; waits until it answers; `POST /api/backups/runs` with `{}` (all seven
   components, default compression zstd, default MinIO mode `volume`), polls `GET /api/backups/runs/{id}`
   every 0.5 s until `run.status` is no longer `running`. Wall time = POST → first poll seeing the end (app
   start-up not included). Afterwards the engine's activity history and job log of the run are read from
   `/engine-rest/history/…` (the tables above). Bytes =
   sum of the artifacts' `sizeBytes` (compressed, as stored; stored twice: S3 and the local copy, then read back).
   The app is stopped afterwards; its scratch dir, local copies and the `bench-<stamp>` objects in the backup
   S3 are deleted.
3. **Regulation**: `backup-all.sh`'s seven steps, sequential, into a scratch `BACKUP_ROOT` (deleted afterwards),
   with podman instead of docker and `podman volume inspect -f '{{.Mountpoint}}'` instead of
   `/var/lib/docker/volumes/…`:
   ClickHouse `cp -r /etc/clickhouse-server/`; Keeper `cp -r` of config and coordination of **all three** lab
   nodes (the script names one node's paths: `/etc/clickhouse-keeper/`, `/var/lib/clickhouse/coordination/`);
   etcd `podman stop etcd` → **copy from the stopped data dir** (`cp <volume>/member/snap/db snapshot.db`, the
   bbolt file a snapshot is a copy of) → `podman start etcd` (the regulation runs `etcdctl snapshot save`
   against the stopped server, which cannot work; copying the stopped member's backend file is the fastest thing
   that carries out its intent; the WAL's preallocated 64 MB segments are left out, as in a snapshot);
   PostgreSQL `podman exec patroni pg_dumpall -U postgres | gzip` and `pg_dumpall --globals-only | gzip` (as
   written — without `-U`, which works here only because the lab container sets `PGUSER`);
   MinIO `podman stop minio` → `tar -czf` of the volume → `podman start minio`;
   Vault `curl` of `GET /v1/sys/storage/raft/snapshot` with the token (the script's
   `docker exec vault vault operator raft snapshot save` has no `vault` binary in the lab's stand-in, and would
   leave the file inside the container anyway); Ansible `git clone --depth 1` of `/var/lib/runbook-lab/ansible.git`.
   Wall time = first step start → last step end; bytes = `du -sb` of `BACKUP_ROOT`.
4. **Downtime**, both sides the same way, by `scripts/bench.d/bench.py monitor`: every 50 ms an etcd write +
   read of `/bench-probe/heartbeat` through the HTTP gateway (1 s timeout) and an HTTP request to MinIO
   (`127.0.0.1:9000`; any answer is "up", refused / reset / timeout is "down"). Downtime = the longest stretch
   from the first failed probe to the next successful one. Monitoring starts before the backup and ends when
   both services answer again after it. **RSS**: `VmRSS` of the app's JVM from `/proc/<pid>/status` every 0.2 s
   (peak of the samples) and `VmHWM` (the kernel's own high-water mark) at the end.

What the numbers mean — the two sides do not do the same work:

- The product compresses with zstd (the regulation: gzip, single thread), runs the seven components in
  parallel, streams every artifact to **S3 (multipart) and a local copy at once, then reads every S3 artifact
  back** and compares size and sha256 before it marks it `verified`; it also writes per-database `pg_dump -Fc`
  dumps of `earth` and `grafana` next to `pg_dumpall` (the regulation's restore needs them, its backup does not
  make them), so the PostgreSQL data is dumped twice; etcd is snapshotted online (`etcdctl snapshot save`,
  no downtime) and the snapshot checked with `snapshot status`; Ansible is a full `git bundle --all`, verified.
  Every step is a Camunda job with history and catalog rows.
- The regulation only writes local files, verifies nothing, and its etcd and MinIO steps stop the services.
- MinIO in the product uses the default `backup_method: volume` (the regulation's stop → archive →
  start; the container is started again as soon as the volume has been read, before the read-back check — but
  the tar is read through the compressor into the S3 upload via a small bounded pipe, so "read" means
  "compressed and nearly all uploaded": the downtime is as long as the whole archive + upload). `online`
  (copy through the S3 API, no downtime) is the alternative; `backup_method: online` on the inventory's minio component
  measures it.
- The Keeper stand-in is ZooKeeper, MinIO is s3proxy, Vault is a small Python stand-in (see docs/lab.md); their
  data are small, so the comparison is dominated by PostgreSQL and MinIO.

## Rerun, and remove the data set

```
sudo scripts/bench backup --product-runs 2 --quiet-wait 600   # as for the numbers above (+ 0.25 for RSS)
sudo scripts/bench backup                      # full size (scale 1.0) + a product run at 0.25 for RSS
sudo scripts/bench backup --scale 0.05 --no-doc   # quick try on a small data set, docs untouched
sudo scripts/bench fill --scale 1.0            # only fill the lab
sudo scripts/bench clean                       # drop bench_events, bucket `bench`, keys /bench/ (the data set)
```

The data set stays in the lab after a run (so the next run skips the fill). It makes the lab's PostgreSQL,
MinIO and etcd backups (and anybody's integration tests that back them up) ~1.5 GB bigger and slower:
`scripts/bench clean` removes it.
"""


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    cmd, args = argv[0], argv[1:]
    if cmd == "etcd-fill":
        etcd_fill(int(args[0]))
    elif cmd == "etcd-count":
        print(etcd_count())
    elif cmd == "etcd-count-all":
        r = etcd_post("/v3/kv/range", {"key": b64("\0"), "range_end": b64("\0"), "count_only": True})
        print(int(r.get("count", 0)))
    elif cmd == "etcd-drop":
        r = etcd_post("/v3/kv/deleterange", {"key": b64(ETCD_PREFIX), "range_end": b64("/bench0")})
        etcd_post("/v3/kv/deleterange", {"key": b64(PROBE_KEY)})
        compact_defrag()
        print("etcd: deleted %s keys under %s" % (r.get("deleted", 0), ETCD_PREFIX))
    elif cmd == "minio-fill":
        minio_fill(int(args[0]))
    elif cmd == "minio-stats":
        print("%d %d" % minio_stats())
    elif cmd == "minio-drop":
        minio_drop()
    elif cmd == "s3-rm-prefix":
        s3_rm_prefix(args[0])
    elif cmd == "monitor":
        pid = int(args[args.index("--pid") + 1]) if "--pid" in args else None
        monitor(args[0], pid)
    elif cmd == "product-summary":
        print(json.dumps(product_summary(*args[:3]), indent=1))
    elif cmd == "report":
        report(args[0], args[1] if len(args) > 1 and args[1] else None)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

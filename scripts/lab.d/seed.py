#!/usr/bin/python3
"""Seed the runbook lab with known, deterministic data and describe it in $LAB/seed.json.

Run by `scripts/lab up` once every server answers. Idempotent: every item is checked first and written
only when missing or different, so re-seeding never duplicates anything and a warm run writes nothing.

  seed.py LAB_DIR LAB_D_DIR
"""

import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import s3lab  # noqa: E402

LAB = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("RUNBOOK_LAB_DIR", "/var/lib/runbook-lab")
LAB_D = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
CHANGES = []


def secret(name):
    with open(os.path.join(LAB, "secrets", name), encoding="utf-8") as f:
        return f.read().strip()


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def det_bytes(label, n):
    """n deterministic pseudo-random bytes for a label (stable across Python versions)."""
    return hashlib.shake_256(("runbook-lab:" + label).encode()).digest(n)


def note(msg):
    CHANGES.append(msg)
    print("  seed: " + msg, flush=True)


def http(method, url, body=None, headers=None, ok=(200, 204)):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        if e.code in ok:
            return e.code, e.read()
        raise RuntimeError("%s %s -> HTTP %s: %s" % (method, url, e.code, e.read()[:300]))


# ---- etcd -------------------------------------------------------------------------------------------
ETCD = "http://127.0.0.1:2379"


def etcd_expected():
    cfg = {
        "ttl": 30, "loop_wait": 10, "retry_timeout": 10, "maximum_lag_on_failover": 1048576,
        "postgresql": {"use_pg_rewind": True, "use_slots": True,
                       "parameters": {"max_connections": 100, "wal_level": "replica", "hot_standby": "on"}},
    }
    member = {"conn_url": "postgres://127.0.0.1:15432/postgres", "api_url": "http://127.0.0.1:8008/patroni",
              "state": "running", "role": "master", "version": "3.0.2", "xlog_location": 50331648,
              "timeline": 1}
    keys = {
        "/service/logiq/config": json.dumps(cfg, sort_keys=True),
        "/service/logiq/initialize": "7300000000000000001",
        "/service/logiq/leader": "patroni",
        "/service/logiq/members/patroni": json.dumps(member, sort_keys=True),
        "/service/logiq/status": json.dumps({"optime": 50331648, "slots": {}}, sort_keys=True),
        "/service/logiq/history": "[]",
    }
    for i in range(1, 101):
        keys["/lab/seed/%04d" % i] = "value-%04d" % i
    return keys


def b64(s):
    return base64.b64encode(s.encode()).decode()


def seed_etcd():
    expected = etcd_expected()
    _, raw = http("POST", ETCD + "/v3/kv/range",
                  json.dumps({"key": b64("/"), "range_end": b64("0")}).encode())  # every key under "/"
    have = {}
    for kv in json.loads(raw).get("kvs", []):
        have[base64.b64decode(kv["key"]).decode()] = base64.b64decode(kv.get("value", "")).decode()
    n = 0
    for k, v in expected.items():
        if have.get(k) != v:
            http("POST", ETCD + "/v3/kv/put", json.dumps({"key": b64(k), "value": b64(v)}).encode())
            n += 1
    if n:
        note("etcd: put %d keys" % n)
    service = {k: v for k, v in expected.items() if k.startswith("/service/logiq/")}
    return {
        "endpoint": ETCD,
        "keys_total": len(expected),
        "prefixes": {"/service/logiq/": len(service), "/lab/seed/": 100},
        "service_keys": service,
        "lab_seed": {"first": "/lab/seed/0001", "last": "/lab/seed/0100", "count": 100,
                     "value_pattern": "value-%04d (key /lab/seed/%04d)"},
        "lab_seed_sha256": sha256("".join("%s=%s\n" % (k, expected[k]) for k in sorted(expected)
                                          if k.startswith("/lab/seed/")).encode()),
    }


# ---- PostgreSQL -------------------------------------------------------------------------------------
PG_SETUP = r"""
\set ON_ERROR_STOP on
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'earth_app') THEN CREATE ROLE earth_app LOGIN; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grafana_app') THEN CREATE ROLE grafana_app LOGIN; END IF;
END $$;
SELECT 'CREATE DATABASE earth OWNER earth_app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'earth') \gexec
SELECT 'CREATE DATABASE grafana OWNER grafana_app' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'grafana') \gexec
\connect earth
CREATE TABLE IF NOT EXISTS incidents (
  id integer PRIMARY KEY, code text NOT NULL, severity text NOT NULL, component text NOT NULL,
  title text NOT NULL, opened_at timestamptz NOT NULL, resolved boolean NOT NULL);
ALTER TABLE incidents OWNER TO earth_app;
INSERT INTO incidents
SELECT g, 'INC-' || lpad(g::text, 5, '0'),
       (ARRAY['low','medium','high','critical'])[1 + g % 4],
       (ARRAY['clickhouse','keeper','etcd','postgresql','minio','vault','ansible'])[1 + g % 7],
       'Seeded incident ' || g || ' ' || md5('incident-' || g),
       timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour',
       g % 3 = 0
FROM generate_series(1, 500) g
ON CONFLICT (id) DO NOTHING;
\connect grafana
CREATE TABLE IF NOT EXISTS dashboards (
  id integer PRIMARY KEY, uid text NOT NULL UNIQUE, title text NOT NULL, data jsonb NOT NULL, version integer NOT NULL);
ALTER TABLE dashboards OWNER TO grafana_app;
INSERT INTO dashboards
SELECT g, 'dash-' || lpad(g::text, 3, '0'), 'Logicor dashboard ' || g,
       jsonb_build_object('panels', 1 + g % 10, 'refresh', '30s', 'tags', jsonb_build_array('logiq', 'lab'),
                          'checksum', md5('dashboard-' || g)),
       1 + g % 5
FROM generate_series(1, 50) g
ON CONFLICT (id) DO NOTHING;
"""

PG_CHECKS = {
    ("earth", "incidents"): "SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', id, code, severity, component, "
                            "title, to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS'), resolved), "
                            "E'\\n' ORDER BY id)) FROM incidents",
    ("grafana", "dashboards"): "SELECT count(*) || ' ' || md5(string_agg(concat_ws('|', id, uid, title, data::text, "
                               "version), E'\\n' ORDER BY id)) FROM dashboards",
}
PG_EXPECTED_ROWS = {("earth", "incidents"): 500, ("grafana", "dashboards"): 50}


def psql(db, sql, quiet=True):
    env = dict(os.environ, PGPASSWORD=secret("postgres-password"), PGCONNECT_TIMEOUT="10")
    cmd = ["psql", "-h", "127.0.0.1", "-p", "15432", "-U", "postgres", "-d", db, "-X", "-q", "-A", "-t",
           "-v", "ON_ERROR_STOP=1"]
    r = subprocess.run(cmd, input=sql, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("psql %s failed: %s" % (db, r.stderr.strip()))
    return r.stdout.strip()


def seed_postgres():
    before = {}
    for (db, table), q in PG_CHECKS.items():
        try:
            before[(db, table)] = psql(db, q)
        except RuntimeError:
            before[(db, table)] = None
    psql("postgres", PG_SETUP)
    out = {"endpoint": "postgresql://127.0.0.1:15432/postgres", "roles": ["earth_app", "grafana_app"],
           "databases": {}}
    for (db, table), q in PG_CHECKS.items():
        got = psql(db, q)
        if got != before[(db, table)]:
            note("postgresql: %s.%s now %s rows" % (db, table, got.split()[0]))
        count, digest = got.split()
        if int(count) != PG_EXPECTED_ROWS[(db, table)]:
            print("  seed: WARNING %s.%s has %s rows, expected %d" % (db, table, count, PG_EXPECTED_ROWS[(db, table)]))
        out["databases"].setdefault(db, {"tables": {}})["tables"][table] = {
            "rows": PG_EXPECTED_ROWS[(db, table)], "checksum_sql": q, "checksum": "%d %s" % (
                PG_EXPECTED_ROWS[(db, table)], digest) if int(count) == PG_EXPECTED_ROWS[(db, table)] else None}
    return out


# ---- ClickHouse -------------------------------------------------------------------------------------
CH_URL = "http://127.0.0.1:8123/"
CH_CHECK = ("SELECT count(), sum(id), sum(cityHash64(id, toUInt32(ts), host, level, message)) "
            "FROM logiq.events FORMAT TabSeparated")


def ch(sql):
    q = urllib.parse.urlencode({"user": "default", "password": secret("clickhouse-password")})
    return http("POST", CH_URL + "?" + q, sql.encode())[1].decode().strip()


def seed_clickhouse():
    ch("CREATE DATABASE IF NOT EXISTS logiq")
    ch("CREATE TABLE IF NOT EXISTS logiq.events (id UInt64, ts DateTime, host String, level String, message String) "
       "ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY id")
    count = int(ch("SELECT count() FROM logiq.events"))
    if count == 0:
        ch("INSERT INTO logiq.events SELECT number + 1, toDateTime(1767225600 + number * 60), "
           "concat('host-', toString(number % 5)), ['debug', 'info', 'warning', 'error'][number % 4 + 1], "
           "concat('event ', toString(number + 1), ' ', hex(MD5(toString(number + 1)))) "
           "FROM system.numbers LIMIT 1000")
        note("clickhouse: inserted 1000 rows into logiq.events")
    elif count != 1000:
        print("  seed: WARNING logiq.events has %d rows, expected 1000 (left as is)" % count)
    got = ch(CH_CHECK)
    return {"http": "http://127.0.0.1:8123", "tcp": "127.0.0.1:9002", "database": "logiq", "table": "events",
            "rows": 1000, "checksum_sql": CH_CHECK, "checksum": got if count in (0, 1000) else None}


# ---- MinIO (s3proxy) --------------------------------------------------------------------------------
def minio_objects():
    objs = []
    for i in range(1, 9):
        body = json.dumps({"incident": "INC-%05d" % i, "attachment": i, "note": "seeded attachment %d" % i,
                           "digest": hashlib.md5(b"att-%d" % i).hexdigest()}, sort_keys=True, indent=2).encode()
        objs.append(("earth/attachments/incident-%05d.json" % i, body, "application/json"))
    for i in range(1, 6):
        objs.append(("grafana/snapshots/dash-%03d.png" % i, det_bytes("png-%d" % i, 16384 * i), "image/png"))
    for i in range(3):
        lines = "".join(json.dumps({"seq": j, "host": "saturn-%d" % (j % 3), "msg": "log line %d" % j}) + "\n"
                        for j in range(i * 200, i * 200 + 200)).encode()
        objs.append(("saturn/archive/2026-01-01/logs-%03d.ndjson" % i, lines, "application/x-ndjson"))
    objs.append(("venus/static/app.js", b"// Venus web UI (seeded by the runbook lab)\n" + b"console.log('venus');\n" * 400,
                 "application/javascript"))
    objs.append(("mercury/config/frontend.json", json.dumps({"api": "http://earth:8080", "theme": "dark"}, indent=2).encode(),
                 "application/json"))
    objs.append(("big/blob-5mib.bin", det_bytes("blob-5mib", 5 * 1024 * 1024), "application/octet-stream"))
    objs.append(("empty/zero-bytes.txt", b"", "text/plain"))
    return objs


def seed_minio():
    s3 = s3lab.lab_client("minio", LAB)
    if s3.make_bucket("logiq"):
        note("minio: created bucket logiq")
    have = {o["key"]: o for o in s3.list("logiq")}
    out = []
    n = 0
    for key, body, ctype in minio_objects():
        md5 = hashlib.md5(body).hexdigest()
        h = have.get(key)
        if not h or h["size"] != len(body) or h["etag"] != md5:
            s3.put("logiq", key, body, ctype)
            n += 1
        out.append({"key": key, "size": len(body), "sha256": sha256(body), "md5": md5})
    if n:
        note("minio: put %d objects" % n)
    return {"endpoint": "http://127.0.0.1:9000", "bucket": "logiq", "objects_count": len(out),
            "total_bytes": sum(o["size"] for o in out), "objects": out}


def seed_backup_bucket():
    s3 = s3lab.lab_client("backup", LAB)
    if s3.make_bucket("logiq-backups"):
        note("backup-s3: created bucket logiq-backups")
    return {"endpoint": "http://127.0.0.1:9300", "bucket": "logiq-backups"}


# ---- Vault stand-in ---------------------------------------------------------------------------------
VAULT = "http://127.0.0.1:8200"


def vault_expected():
    return {
        "logiq/postgres": {"host": "127.0.0.1", "port": "15432", "username": "postgres",
                           "password": secret("postgres-password"), "databases": "earth,grafana"},
        "logiq/minio": {"endpoint": "http://127.0.0.1:9000", "access_key": secret("minio-access-key"),
                        "secret_key": secret("minio-secret-key"), "bucket": "logiq"},
        "logiq/clickhouse": {"host": "127.0.0.1", "http_port": "8123", "tcp_port": "9002", "username": "default",
                             "password": secret("clickhouse-password")},
    }


def canonical(d):
    return json.dumps(d, sort_keys=True, separators=(",", ":")).encode()


def seed_vault():
    hdr = {"X-Vault-Token": secret("vault-token"), "Content-Type": "application/json"}
    out = []
    for path, data in vault_expected().items():
        status, raw = http("GET", VAULT + "/v1/secret/data/" + path, headers=hdr, ok=(200, 404))
        cur = json.loads(raw)["data"]["data"] if status == 200 else None
        if cur != data:
            http("POST", VAULT + "/v1/secret/data/" + path, json.dumps({"data": data}).encode(), headers=hdr)
            note("vault: wrote secret/%s" % path)
        out.append({"path": "secret/" + path, "api": "/v1/secret/data/" + path, "keys": sorted(data),
                    "sha256_of_canonical_json": sha256(canonical(data))})
    return {"endpoint": VAULT, "mount": "secret", "kv_version": 2, "secrets": out,
            "note": "values are the lab's credentials; sha256 is over json.dumps(data, sort_keys=True, separators=(',',':'))"}


# ---- Keeper coordination files ----------------------------------------------------------------------
def keeper_files(n):
    head = ("CLICKHOUSE-KEEPER-LAB keeper-%d\n" % n).encode()
    return {
        "coordination/logs/changelog_1_100000.bin": head + det_bytes("keeper-%d-changelog-1" % n, 65536),
        "coordination/logs/changelog_100001_200000.bin": head + det_bytes("keeper-%d-changelog-2" % n, 32768),
        "coordination/snapshots/snapshot_100000.bin.zstd": head + det_bytes("keeper-%d-snapshot" % n, 131072),
    }


def seed_keeper():
    out = {}
    for n in (1, 2, 3):
        base = os.path.join(LAB, "keeper-%d" % n)
        files = {}
        for rel, body in keeper_files(n).items():
            p = os.path.join(base, rel)
            if not os.path.exists(p):
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p + ".tmp", "wb") as f:
                    f.write(body)
                os.replace(p + ".tmp", p)
                note("keeper-%d: wrote %s" % (n, rel))
            files[rel] = {"size": len(body), "sha256": sha256(body)}
        cfg = os.path.join(base, "etc/clickhouse-keeper/keeper_config.xml")
        with open(cfg, "rb") as f:
            cfg_sha = sha256(f.read())
        out["keeper-%d" % n] = {
            "client": "tcp://127.0.0.1:%d" % (2180 + n), "server_id": n,
            "config_paths": [os.path.join(base, "etc/clickhouse-keeper/")],
            "data_paths": [os.path.join(base, "coordination/")],
            "config_sha256": {"etc/clickhouse-keeper/keeper_config.xml": cfg_sha},
            "files": files,
            "standin_data_dir": os.path.join(base, "coordination/zookeeper"),
        }
    return out


# ---- Ansible repository -----------------------------------------------------------------------------
ANSIBLE_TAG = "v2.6.0"


def git(args, cwd=None, env=None, check=True):
    r = subprocess.run(["git"] + args, cwd=cwd, env=env, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError("git %s: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout.strip()


def seed_ansible():
    repo = os.path.join(LAB, "ansible.git")
    src = os.path.join(LAB_D, "ansible-repo")
    ok = os.path.isdir(repo) and git(["--git-dir", repo, "rev-parse", "-q", "--verify", "refs/tags/" + ANSIBLE_TAG],
                                     check=False) != ""
    if not ok:
        if os.path.isdir(repo):
            subprocess.run(["rm", "-rf", repo], check=True)
        git(["init", "-q", "--bare", "-b", "main", repo])
        with tempfile.TemporaryDirectory(prefix="lab-ansible-") as wt:
            env = dict(os.environ, GIT_AUTHOR_NAME="Logicor Ops", GIT_AUTHOR_EMAIL="ops@logicor.lab",
                       GIT_COMMITTER_NAME="Logicor Ops", GIT_COMMITTER_EMAIL="ops@logicor.lab",
                       GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
            git(["init", "-q", "-b", "main", wt], env=env)

            def copy(rel):
                with open(os.path.join(src, rel), encoding="utf-8") as f:
                    text = f.read().replace("@LAB@", LAB)
                dst = os.path.join(wt, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, "w", encoding="utf-8") as f:
                    f.write(text)

            steps = [
                (["inventory/hosts.ini", "group_vars/all.yml"], "Inventory and variables of the Logicor 2.6 lab",
                 "2026-01-10T09:00:00+00:00"),
                (["AIO-docker-distributed-online.yml"], "Playbook: redeploy of the stateless services",
                 "2026-01-11T10:30:00+00:00"),
                (["ansible.cfg", "README.md"], "ansible.cfg and README", "2026-01-12T12:00:00+00:00"),
            ]
            for files, msg, date in steps:
                for rel in files:
                    copy(rel)
                git(["add"] + files, cwd=wt, env=env)
                e = dict(env, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
                git(["commit", "-q", "-m", msg], cwd=wt, env=e)
            e = dict(env, GIT_COMMITTER_DATE="2026-01-12T12:00:00+00:00")
            git(["tag", "-a", ANSIBLE_TAG, "-m", "Logicor 2.6.0 deployment configuration"], cwd=wt, env=e)
            git(["push", "-q", repo, "main", "--tags"], cwd=wt, env=env)
        note("ansible: created %s with tag %s" % (repo, ANSIBLE_TAG))
    head = git(["--git-dir", repo, "rev-parse", "refs/heads/main"])
    tag = git(["--git-dir", repo, "rev-parse", "refs/tags/%s^{commit}" % ANSIBLE_TAG])
    count = int(git(["--git-dir", repo, "rev-list", "--count", "refs/heads/main"]))
    files = git(["--git-dir", repo, "ls-tree", "-r", "--name-only", "refs/heads/main"]).splitlines()
    return {"repository": repo, "branch": "main", "head": head, "commits": count, "tags": {ANSIBLE_TAG: tag},
            "files": files, "playbook": "AIO-docker-distributed-online.yml",
            "deployed_marker": os.path.join(LAB, "ansible-deployed.txt")}


def main():
    seed = {"lab_dir": LAB, "format": 1}
    seed["etcd"] = seed_etcd()
    seed["postgresql"] = seed_postgres()
    seed["clickhouse"] = seed_clickhouse()
    seed["minio"] = seed_minio()
    seed["backup_s3"] = seed_backup_bucket()
    seed["vault"] = seed_vault()
    seed["keeper"] = seed_keeper()
    seed["ansible"] = seed_ansible()
    text = json.dumps(seed, indent=2, sort_keys=True) + "\n"
    path = os.path.join(LAB, "seed.json")
    old = open(path).read() if os.path.exists(path) else None
    if old != text:
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
        note("wrote %s" % path)
    if not CHANGES:
        print("  seed: everything already in place")


if __name__ == "__main__":
    main()

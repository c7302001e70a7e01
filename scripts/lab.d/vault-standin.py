#!/usr/bin/python3
"""Vault STAND-IN for the runbook lab — this is NOT HashiCorp Vault.

No Vault or OpenBao package exists on the lab machines, so this small HTTP server speaks the handful of
Vault endpoints the runbook uses, with Vault's JSON shapes:

  GET    /v1/sys/health                          200 {"initialized":true,"sealed":false,"standby":false,...}
  GET    /v1/sys/seal-status                     200 {"type":"shamir","sealed":false,...}
  GET    /v1/secret/data/<path>                  KV v2 read   -> {"data":{"data":{...},"metadata":{...}}}
  POST   /v1/secret/data/<path>  (or PUT)        KV v2 write  <- {"data":{...}}   -> {"data":{metadata}}
  DELETE /v1/secret/data/<path>                  KV v2 soft delete of the latest version (204)
  GET    /v1/secret/metadata/<path>              KV v2 metadata
  LIST   /v1/secret/metadata/<path>  (or GET ?list=true)   -> {"data":{"keys":[...]}}
  DELETE /v1/secret/metadata/<path>              delete all versions and metadata (204)
  GET    /v1/sys/storage/raft/snapshot           binary snapshot of the whole store (streamed)
  POST   /v1/sys/storage/raft/snapshot-force     replace the whole store with the uploaded snapshot
  POST   /v1/sys/storage/raft/snapshot           same (the stand-in has one "cluster", so no id check)

Authentication: every endpoint except sys/health and sys/seal-status (unauthenticated in real Vault as
well) needs "X-Vault-Token: <root token>" (or "Authorization: Bearer <root token>"), else
403 {"errors":["permission denied"]}.

Snapshot format (stand-in specific, NOT a real raft snapshot): gzip of
  b"RUNBOOK-LAB-VAULT-STANDIN-SNAPSHOT v1\n" + sha256-hex(body) + b"\n" + body
where body is the canonical JSON of the store. A snapshot that fails to gunzip, lacks the header or
whose checksum does not match is rejected with 400 and the store is left untouched.

The store is one JSON file in the data directory (the container's volume), written atomically
(temp file + fsync + rename). Standard library only. Configuration by environment:
  VAULT_STANDIN_ADDR (127.0.0.1), VAULT_STANDIN_PORT (8200), VAULT_STANDIN_DATA (/vault/data),
  VAULT_STANDIN_TOKEN_FILE (/lab-secrets/vault-token)
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import signal
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

VERSION = "1.15.6"  # the Vault API version whose shapes are imitated
SNAPSHOT_MAGIC = b"RUNBOOK-LAB-VAULT-STANDIN-SNAPSHOT v1\n"
MAX_BODY = 256 * 1024 * 1024

ADDR = os.environ.get("VAULT_STANDIN_ADDR", "127.0.0.1")
PORT = int(os.environ.get("VAULT_STANDIN_PORT", "8200"))
DATA_DIR = os.environ.get("VAULT_STANDIN_DATA", "/vault/data")
TOKEN_FILE = os.environ.get("VAULT_STANDIN_TOKEN_FILE", "/lab-secrets/vault-token")
STORE_FILE = os.path.join(DATA_DIR, "standin-store.json")

LOCK = threading.RLock()


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_token():
    with open(TOKEN_FILE, "r", encoding="utf-8") as f:
        return f.read().strip()


def empty_store():
    return {"format": "runbook-lab-vault-standin", "kv": {"secret": {}}}


def load_store():
    try:
        with open(STORE_FILE, "r", encoding="utf-8") as f:
            store = json.load(f)
    except FileNotFoundError:
        return empty_store()
    validate_store(store)
    return store


def validate_store(store):
    if not isinstance(store, dict) or not isinstance(store.get("kv"), dict):
        raise ValueError("store has no kv section")
    for mount, entries in store["kv"].items():
        if not isinstance(entries, dict):
            raise ValueError("mount %r is not an object" % mount)
        for path, entry in entries.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("versions"), dict):
                raise ValueError("secret %r has no versions" % path)


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def save_store(store):
    os.makedirs(DATA_DIR, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".standin-store.", dir=DATA_DIR)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(canonical(store))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, STORE_FILE)
        dfd = os.open(DATA_DIR, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def make_snapshot(store):
    body = canonical(store)
    raw = SNAPSHOT_MAGIC + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body
    return gzip.compress(raw, mtime=0)


def parse_snapshot(blob):
    try:
        raw = gzip.decompress(blob)
    except (OSError, EOFError, ValueError) as e:
        raise ValueError("snapshot is not gzip data: %s" % e)
    if not raw.startswith(SNAPSHOT_MAGIC):
        raise ValueError("snapshot header missing")
    rest = raw[len(SNAPSHOT_MAGIC):]
    nl = rest.find(b"\n")
    if nl != 64:
        raise ValueError("snapshot checksum line malformed")
    digest, body = rest[:nl].decode("ascii", "replace"), rest[nl + 1:]
    if hashlib.sha256(body).hexdigest() != digest:
        raise ValueError("snapshot checksum mismatch")
    try:
        store = json.loads(body.decode("utf-8"))
    except ValueError as e:
        raise ValueError("snapshot body is not JSON: %s" % e)
    validate_store(store)
    return store


def version_meta(entry, number):
    v = entry["versions"][str(number)]
    return {
        "created_time": v["created_time"],
        "custom_metadata": None,
        "deletion_time": v.get("deletion_time") or "",
        "destroyed": bool(v.get("destroyed", False)),
        "version": number,
    }


def full_metadata(entry):
    versions = {k: {"created_time": v["created_time"], "deletion_time": v.get("deletion_time") or "",
                    "destroyed": bool(v.get("destroyed", False))} for k, v in entry["versions"].items()}
    return {
        "cas_required": False,
        "created_time": entry["created_time"],
        "current_version": entry["current_version"],
        "custom_metadata": None,
        "delete_version_after": "0s",
        "max_versions": 0,
        "oldest_version": min(int(k) for k in entry["versions"]) if entry["versions"] else 0,
        "updated_time": entry["updated_time"],
        "versions": versions,
    }


class Handler(BaseHTTPRequestHandler):
    server_version = "vault-standin/" + VERSION
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (now(), fmt % args))

    # ---- plumbing -------------------------------------------------------------------------------
    def send_json(self, status, obj):
        body = json.dumps(obj).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_empty(self, status=204):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def error(self, status, *messages):
        self.send_json(status, {"errors": list(messages)})

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            out = io.BytesIO()
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ValueError("truncated chunked body")
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while True:  # trailers
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                if out.tell() + size > MAX_BODY:
                    raise ValueError("body too large")
                out.write(self.rfile.read(size))
                self.rfile.readline(3)
            return out.getvalue()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length > 0 else b""

    def read_json(self):
        raw = self.read_body()
        if not raw.strip():
            return {}
        return json.loads(raw.decode("utf-8"))

    def authorized(self):
        given = self.headers.get("X-Vault-Token")
        if not given:
            auth = self.headers.get("Authorization", "")
            if auth.lower().startswith("bearer "):
                given = auth[7:].strip()
        try:
            return bool(given) and given == read_token()
        except OSError:
            return False

    # ---- dispatch -------------------------------------------------------------------------------
    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_LIST(self):
        self.dispatch("LIST")

    def dispatch(self, method):
        url = urlsplit(self.path)
        path = url.path
        query = parse_qs(url.query)
        try:
            if path in ("/v1/sys/health", "/v1/sys/seal-status"):
                if method not in ("GET", "HEAD"):
                    return self.error(405)
                return self.health() if path.endswith("health") else self.seal_status()
            if not self.authorized():
                # drain a body so the connection stays usable
                try:
                    self.read_body()
                except Exception:
                    pass
                return self.error(403, "permission denied")
            if path in ("/v1/sys/storage/raft/snapshot", "/v1/sys/storage/raft/snapshot-force"):
                if method == "GET" and path.endswith("/snapshot"):
                    return self.snapshot_save()
                if method in ("POST", "PUT"):
                    return self.snapshot_restore()
                return self.error(405)
            if path == "/v1/sys/mounts" and method == "GET":
                return self.send_json(200, {"secret/": {"type": "kv", "options": {"version": "2"}},
                                            "data": {"secret/": {"type": "kv", "options": {"version": "2"}}}})
            if path.startswith("/v1/"):
                parts = path[4:].split("/", 2)
                if len(parts) >= 2 and parts[0] == "secret":
                    sub = parts[2] if len(parts) == 3 else ""
                    if parts[1] == "data":
                        return self.kv_data(method, sub)
                    if parts[1] == "metadata":
                        if method == "LIST" or (method == "GET" and query.get("list", [""])[0] in ("true", "1")):
                            return self.kv_list(sub)
                        return self.kv_metadata(method, sub)
            return self.error(404)
        except ValueError as e:
            return self.error(400, str(e))
        except BrokenPipeError:
            return None
        except Exception as e:  # pragma: no cover - last resort, keep serving
            self.log_message("internal error: %r", e)
            return self.error(500, "internal error: %s" % e)

    # ---- sys ------------------------------------------------------------------------------------
    def health(self):
        self.send_json(200, {
            "initialized": True, "sealed": False, "standby": False,
            "performance_standby": False, "replication_performance_mode": "disabled",
            "replication_dr_mode": "disabled", "server_time_utc": int(datetime.datetime.now().timestamp()),
            "version": VERSION, "cluster_name": "runbook-lab-vault-standin",
            "cluster_id": "6c616200-0000-4000-8000-000000000001",
            "standin": True,
        })

    def seal_status(self):
        self.send_json(200, {
            "type": "shamir", "initialized": True, "sealed": False, "t": 1, "n": 1, "progress": 0,
            "nonce": "", "version": VERSION, "build_date": "", "migration": False,
            "cluster_name": "runbook-lab-vault-standin", "recovery_seal": False, "storage_type": "raft",
            "standin": True,
        })

    def snapshot_save(self):
        with LOCK:
            blob = make_snapshot(load_store())
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Disposition", 'attachment; filename="vault-standin.snap"')
        self.send_header("Content-Length", str(len(blob)))
        self.end_headers()
        view = memoryview(blob)
        for i in range(0, len(blob), 65536):
            self.wfile.write(view[i:i + 65536])

    def snapshot_restore(self):
        blob = self.read_body()
        if not blob:
            raise ValueError("empty snapshot")
        store = parse_snapshot(blob)
        with LOCK:
            save_store(store)
        self.send_empty(204)

    # ---- KV v2 ----------------------------------------------------------------------------------
    @staticmethod
    def clean(sub):
        sub = sub.strip("/")
        if not sub or any(p in ("", ".", "..") for p in sub.split("/")):
            raise ValueError("invalid secret path")
        return sub

    def kv_data(self, method, sub):
        if method in ("GET", "HEAD"):
            sub = self.clean(sub)
            with LOCK:
                entry = load_store()["kv"]["secret"].get(sub)
            if not entry:
                return self.error(404)
            q = parse_qs(urlsplit(self.path).query)
            number = int(q.get("version", [entry["current_version"]])[0] or entry["current_version"])
            if number == 0:
                number = entry["current_version"]
            v = entry["versions"].get(str(number))
            if v is None:
                return self.error(404)
            meta = version_meta(entry, number)
            if v.get("deletion_time") or v.get("destroyed"):
                return self.send_json(404, {"data": {"data": None, "metadata": meta}})
            return self.send_json(200, {"request_id": "", "lease_id": "", "renewable": False,
                                        "lease_duration": 0, "data": {"data": v["data"], "metadata": meta},
                                        "wrap_info": None, "warnings": None, "auth": None})
        if method in ("POST", "PUT"):
            sub = self.clean(sub)
            body = self.read_json()
            data = body.get("data") if isinstance(body, dict) else None
            if not isinstance(data, dict):
                raise ValueError('no data provided: expected {"data": {...}}')
            with LOCK:
                store = load_store()
                secrets = store["kv"]["secret"]
                t = now()
                entry = secrets.get(sub) or {"created_time": t, "current_version": 0, "versions": {}}
                number = entry["current_version"] + 1
                entry["versions"][str(number)] = {"created_time": t, "data": data}
                entry["current_version"] = number
                entry["updated_time"] = t
                secrets[sub] = entry
                save_store(store)
                meta = version_meta(entry, number)
            return self.send_json(200, {"data": meta})
        if method == "DELETE":
            sub = self.clean(sub)
            with LOCK:
                store = load_store()
                entry = store["kv"]["secret"].get(sub)
                if entry:
                    v = entry["versions"].get(str(entry["current_version"]))
                    if v is not None and not v.get("deletion_time"):
                        v["deletion_time"] = now()
                        entry["updated_time"] = v["deletion_time"]
                        save_store(store)
            return self.send_empty(204)
        return self.error(405)

    def kv_metadata(self, method, sub):
        sub = self.clean(sub)
        if method in ("GET", "HEAD"):
            with LOCK:
                entry = load_store()["kv"]["secret"].get(sub)
            if not entry:
                return self.error(404)
            return self.send_json(200, {"data": full_metadata(entry)})
        if method == "DELETE":
            with LOCK:
                store = load_store()
                if store["kv"]["secret"].pop(sub, None) is not None:
                    save_store(store)
            return self.send_empty(204)
        return self.error(405)

    def kv_list(self, sub):
        prefix = sub.strip("/")
        prefix = prefix + "/" if prefix else ""
        keys = set()
        with LOCK:
            for path, entry in load_store()["kv"]["secret"].items():
                if not path.startswith(prefix):
                    continue
                rest = path[len(prefix):]
                if "/" in rest:
                    keys.add(rest.split("/", 1)[0] + "/")
                else:
                    keys.add(rest)
        if not keys:
            return self.error(404)
        return self.send_json(200, {"request_id": "", "lease_id": "", "renewable": False, "lease_duration": 0,
                                    "data": {"keys": sorted(keys)}, "wrap_info": None, "warnings": None,
                                    "auth": None})


def main():
    os.makedirs(DATA_DIR, exist_ok=True)
    with LOCK:
        load_store()  # fail fast on a corrupt store
    read_token()      # fail fast without a token
    httpd = ThreadingHTTPServer((ADDR, PORT), Handler)
    httpd.daemon_threads = True

    def stop(signum, frame):
        # shutdown() blocks until serve_forever returns, so call it from another thread
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stderr.write("%s vault stand-in (NOT HashiCorp Vault) listening on http://%s:%d, data %s\n"
                     % (now(), ADDR, PORT, DATA_DIR))
    sys.stderr.flush()
    httpd.serve_forever()
    httpd.server_close()
    sys.stderr.write("%s vault stand-in stopped\n" % now())


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Tiny S3 client for the runbook lab (AWS Signature V4, Python standard library only).

Used by scripts/lab to seed and check the two s3proxy servers (the MinIO stand-in on :9000 and the backup
storage on :9300). Also handy by hand:

  s3lab.py --endpoint http://127.0.0.1:9300 --access-key-file F --secret-key-file F ls [BUCKET [PREFIX]]
  s3lab.py ... mb BUCKET
  s3lab.py ... put BUCKET KEY FILE
  s3lab.py ... get BUCKET KEY [FILE]
  s3lab.py ... rm BUCKET KEY

--lab NAME (minio | backup) reads endpoint and keys from $RUNBOOK_LAB_DIR (default /var/lib/runbook-lab).
"""

import argparse
import datetime
import hashlib
import hmac
import http.client
import os
import sys
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


class S3Error(Exception):
    def __init__(self, status, body):
        super().__init__("HTTP %s: %s" % (status, body[:500].decode("utf-8", "replace")))
        self.status = status
        self.body = body


class S3:
    def __init__(self, endpoint, access_key, secret_key, region="us-east-1", timeout=60):
        u = urlsplit(endpoint)
        self.scheme, self.host, self.port = u.scheme, u.hostname, u.port or (443 if u.scheme == "https" else 80)
        self.hostport = "%s:%d" % (self.host, self.port) if u.port else self.host
        self.ak, self.sk, self.region, self.timeout = access_key, secret_key, region, timeout

    def _sign(self, method, path, query, headers, payload_hash):
        now = datetime.datetime.now(datetime.timezone.utc)
        amzdate, date = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        headers = dict(headers)
        headers["host"] = self.hostport
        headers["x-amz-date"] = amzdate
        headers["x-amz-content-sha256"] = payload_hash
        canon_headers = {k.lower().strip(): " ".join(str(v).split()) for k, v in headers.items()}
        signed = ";".join(sorted(canon_headers))
        cq = "&".join("%s=%s" % (quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in sorted(query.items()))
        creq = "\n".join([method, quote(path, safe="/-_.~"), cq,
                          "".join("%s:%s\n" % (k, canon_headers[k]) for k in sorted(canon_headers)),
                          signed, payload_hash])
        scope = "%s/%s/s3/aws4_request" % (date, self.region)
        sts = "\n".join(["AWS4-HMAC-SHA256", amzdate, scope, hashlib.sha256(creq.encode()).hexdigest()])
        k = ("AWS4" + self.sk).encode()
        for part in (date, self.region, "s3", "aws4_request"):
            k = hmac.new(k, part.encode(), hashlib.sha256).digest()
        sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
        headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
            self.ak, scope, signed, sig)
        return headers

    def request(self, method, bucket="", key="", query=None, body=b"", headers=None, ok=(200, 204)):
        query = query or {}
        path = "/" + bucket + ("/" + key if key else "") if bucket else "/"
        h = self._sign(method, path, query, headers or {}, hashlib.sha256(body).hexdigest() if body else EMPTY_SHA256)
        conn_cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = conn_cls(self.host, self.port, timeout=self.timeout)
        try:
            url = quote(path, safe="/-_.~")
            if query:
                url += "?" + "&".join("%s=%s" % (quote(k, safe="-_.~"), quote(v, safe="-_.~"))
                                      for k, v in sorted(query.items()))
            h["Content-Length"] = str(len(body))
            conn.request(method, url, body=body or None, headers=h)
            r = conn.getresponse()
            data = r.read()
            if r.status not in ok:
                raise S3Error(r.status, data)
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data
        finally:
            conn.close()

    # ---- operations -----------------------------------------------------------------------------
    def buckets(self):
        _, _, data = self.request("GET")
        root = ET.fromstring(data)
        return [b.findtext(NS + "Name") for b in root.iter(NS + "Bucket")]

    def make_bucket(self, bucket):
        try:
            self.request("PUT", bucket)
            return True
        except S3Error as e:
            if e.status == 409 and (b"BucketAlreadyOwnedByYou" in e.body or b"BucketAlreadyExists" in e.body):
                return False
            raise

    def list(self, bucket, prefix=""):
        out, token = [], None
        while True:
            q = {"list-type": "2", "max-keys": "1000"}
            if prefix:
                q["prefix"] = prefix
            if token:
                q["continuation-token"] = token
            _, _, data = self.request("GET", bucket, query=q)
            root = ET.fromstring(data)
            for c in root.iter(NS + "Contents"):
                out.append({"key": c.findtext(NS + "Key"), "size": int(c.findtext(NS + "Size") or 0),
                            "etag": (c.findtext(NS + "ETag") or "").strip('"')})
            if root.findtext(NS + "IsTruncated") == "true":
                token = root.findtext(NS + "NextContinuationToken")
                if not token:
                    break
            else:
                break
        return out

    def put(self, bucket, key, body, content_type="application/octet-stream"):
        _, h, _ = self.request("PUT", bucket, key, body=body, headers={"content-type": content_type})
        return h.get("etag", "").strip('"')

    def get(self, bucket, key):
        return self.request("GET", bucket, key)[2]

    def delete(self, bucket, key):
        self.request("DELETE", bucket, key, ok=(200, 204))


def lab_client(name, lab=None):
    lab = lab or os.environ.get("RUNBOOK_LAB_DIR", "/var/lib/runbook-lab")
    prefix, endpoint = {"minio": ("minio", "http://127.0.0.1:9000"),
                        "backup": ("backup-s3", "http://127.0.0.1:9300")}[name]

    def secret(n):
        with open(os.path.join(lab, "secrets", n)) as f:
            return f.read().strip()
    return S3(endpoint, secret(prefix + "-access-key"), secret(prefix + "-secret-key"))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lab", choices=["minio", "backup"])
    p.add_argument("--endpoint")
    p.add_argument("--access-key-file")
    p.add_argument("--secret-key-file")
    p.add_argument("--region", default="us-east-1")
    p.add_argument("cmd", choices=["ls", "mb", "put", "get", "rm"])
    p.add_argument("args", nargs="*")
    a = p.parse_args(argv)
    if a.lab:
        s3 = lab_client(a.lab)
    else:
        if not (a.endpoint and a.access_key_file and a.secret_key_file):
            p.error("give --lab or --endpoint, --access-key-file and --secret-key-file")
        s3 = S3(a.endpoint, open(a.access_key_file).read().strip(), open(a.secret_key_file).read().strip(), a.region)
    if a.cmd == "ls":
        if not a.args:
            for b in s3.buckets():
                print(b)
        else:
            for o in s3.list(a.args[0], a.args[1] if len(a.args) > 1 else ""):
                print("%12d  %s  %s" % (o["size"], o["etag"], o["key"]))
    elif a.cmd == "mb":
        print("created" if s3.make_bucket(a.args[0]) else "exists")
    elif a.cmd == "put":
        with open(a.args[2], "rb") as f:
            print(s3.put(a.args[0], a.args[1], f.read()))
    elif a.cmd == "get":
        data = s3.get(a.args[0], a.args[1])
        if len(a.args) > 2:
            with open(a.args[2], "wb") as f:
                f.write(data)
        else:
            sys.stdout.buffer.write(data)
    elif a.cmd == "rm":
        s3.delete(a.args[0], a.args[1])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except S3Error as e:
        print("s3lab: %s" % e, file=sys.stderr)
        sys.exit(1)

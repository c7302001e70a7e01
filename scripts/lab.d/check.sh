#!/bin/bash
# Smoke checks of a running runbook lab (read-only; nothing is stopped or changed).
# Run by `scripts/lab check`; prints one line per check and exits non-zero if any fails.
set -uo pipefail
LAB=${RUNBOOK_LAB_DIR:-/var/lib/runbook-lab}
LAB_D=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
SOCK=/run/podman/podman.sock
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
FAILED=0

check() {  # $1 description, rest: command whose success means ok
  local what=$1 out; shift
  if out=$("$@" 2>&1); then
    printf 'ok    %-46s %s\n' "$what" "$(printf '%s' "$out" | tr '\n' ' ' | cut -c1-70)"
  else
    printf 'FAIL  %-46s %s\n' "$what" "$(printf '%s' "$out" | tr '\n' ' ' | cut -c1-200)"
    FAILED=$((FAILED + 1))
  fi
}
expect() {  # $1 expected output, rest: command
  local want=$1 got; shift
  got=$("$@" 2>&1) || { echo "$got"; return 1; }
  [ "$got" = "$want" ] || { echo "got '$got', want '$want'"; return 1; }
  echo "$got"
}
secret() { cat "$LAB/secrets/$1"; }
seed() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$LAB/seed.json')); print(eval(sys.argv[1]))" "$1"; }

ssh_vm() {
  ssh -i "$LAB/ssh/id_ed25519" -o IdentitiesOnly=yes -o UserKnownHostsFile="$LAB/ssh/known_hosts" \
    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=5 \
    -p "$1" root@127.0.0.1 "${@:2}"
}

# Docker API
check "podman API _ping" expect OK curl -fsS --unix-socket "$SOCK" http://d/_ping
check "lab containers running" expect "etcd minio patroni vault" sh -c \
  "curl -fsS --unix-socket $SOCK 'http://d/v1.41/containers/json?filters=%7B%22label%22%3A%5B%22runbook-lab%3Dtrue%22%5D%7D' |
   /usr/bin/python3 -c 'import json,sys; print(\" \".join(sorted(c[\"Names\"][0].lstrip(\"/\") for c in json.load(sys.stdin))))'"

# SSH VMs (strict host key checking against the lab's known_hosts)
for vm in clickhouse-1:2221 keeper-1:2231 keeper-2:2232 keeper-3:2233 ansible-1:2241; do
  check "ssh ${vm%%:*} (127.0.0.1:${vm##*:})" expect "${vm%%:*}" ssh_vm "${vm##*:}" 'echo $RUNBOOK_LAB_VM'
done
check "podman socket from an ssh session" expect OK ssh_vm 2241 "curl -fsS --unix-socket $SOCK http://d/_ping"
check "lab-service over ssh (clickhouse-1)" ssh_vm 2221 "$LAB/bin/lab-service clickhouse-1 status"

# etcd
check "etcd /lab/seed/0042" expect value-0042 env ETCDCTL_API=3 etcdctl --endpoints http://127.0.0.1:2379 get /lab/seed/0042 --print-value-only
check "etcd /service/logiq/leader" expect patroni env ETCDCTL_API=3 etcdctl --endpoints http://127.0.0.1:2379 get /service/logiq/leader --print-value-only

# PostgreSQL
check "postgres earth.incidents checksum" expect "$(seed 'd["postgresql"]["databases"]["earth"]["tables"]["incidents"]["checksum"]')" \
  env PGPASSWORD="$(secret postgres-password)" psql -h 127.0.0.1 -p 15432 -U postgres -d earth -XAtc \
  "$(seed 'd["postgresql"]["databases"]["earth"]["tables"]["incidents"]["checksum_sql"]')"
check "postgres grafana.dashboards checksum" expect "$(seed 'd["postgresql"]["databases"]["grafana"]["tables"]["dashboards"]["checksum"]')" \
  env PGPASSWORD="$(secret postgres-password)" psql -h 127.0.0.1 -p 15432 -U postgres -d grafana -XAtc \
  "$(seed 'd["postgresql"]["databases"]["grafana"]["tables"]["dashboards"]["checksum_sql"]')"
check "docker exec patroni pg_dumpall --globals-only" sh -c \
  "podman exec patroni pg_dumpall -U postgres --globals-only | grep -c 'CREATE ROLE'"

# S3
check "minio (s3proxy :9000) bucket logiq" expect "$(seed 'd["minio"]["objects_count"]')" sh -c \
  "$LAB_D/s3lab.py --lab minio ls logiq | wc -l"
check "minio big object sha256" expect "$(seed '[o["sha256"] for o in d["minio"]["objects"] if o["key"].startswith("big/")][0]')" sh -c \
  "$LAB_D/s3lab.py --lab minio get logiq big/blob-5mib.bin | sha256sum | cut -d' ' -f1"
check "backup s3 (:9300) bucket logiq-backups" expect logiq-backups "$LAB_D/s3lab.py" --lab backup ls

# Vault stand-in
check "vault stand-in health" sh -c "curl -fsS http://127.0.0.1:8200/v1/sys/health | grep -o '\"sealed\": false'"
vault_pg_password_matches() {
  curl -fsS -H "X-Vault-Token: $(secret vault-token)" http://127.0.0.1:8200/v1/secret/data/logiq/postgres |
    /usr/bin/python3 -c 'import json,sys; ok=json.load(sys.stdin)["data"]["data"]["password"]==open(sys.argv[1]).read().strip(); print("password matches" if ok else "password differs")' \
    "$LAB/secrets/postgres-password"
}
check "vault stand-in secret/logiq/postgres" expect "password matches" vault_pg_password_matches
check "vault stand-in rejects a bad token" expect 403 curl -s -o /dev/null -w '%{http_code}' -H 'X-Vault-Token: wrong' \
  http://127.0.0.1:8200/v1/secret/data/logiq/postgres

# ClickHouse
check "clickhouse logiq.events checksum" expect "$(seed 'd["clickhouse"]["checksum"]')" \
  curl -fsS "http://127.0.0.1:8123/?user=default&password=$(secret clickhouse-password)" --data-binary "$(seed 'd["clickhouse"]["checksum_sql"]')"
check "clickhouse-client on tcp 9002" expect 1000 clickhouse-client --host 127.0.0.1 --port 9002 --user default \
  --password "$(secret clickhouse-password)" -q 'SELECT count() FROM logiq.events'

# Keeper stand-in
for p in 2181 2182 2183; do
  check "keeper stand-in :$p ruok" expect imok sh -c "echo ruok | nc -N -w 3 127.0.0.1 $p"
done
check "keeper stand-in quorum" sh -c "for p in 2181 2182 2183; do echo srvr | nc -N -w 3 127.0.0.1 \$p | sed -n 's/^Mode: //p'; done | sort | tr '\n' ' ' | grep -E '^follower follower leader $'"

# Ansible repository
check "ansible.git tag v2.6.0" expect "$(seed 'd["ansible"]["tags"]["v2.6.0"]')" git --git-dir "$LAB/ansible.git" rev-parse 'v2.6.0^{commit}'

echo
if [ $FAILED -gt 0 ]; then
  echo "lab check: $FAILED check(s) failed"
  exit 1
fi
echo "lab check: all checks passed"

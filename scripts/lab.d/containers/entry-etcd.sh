#!/bin/sh
# Entry of the lab container "etcd": Debian's etcd 3.4 (host binary, /usr bind-mounted read-only).
# The data directory is the root of the volume logiq_etcd-data (/etcd-data), as in the regulation.
# `exec` makes etcd the container's main process, so `docker stop` / `docker start` stop and start it.
set -eu
DATA=${ETCD_LAB_DATA_DIR:-/etcd-data}
mkdir -p "$DATA"
chmod 700 "$DATA"
exec /usr/bin/etcd \
  --name etcd \
  --data-dir "$DATA" \
  --listen-client-urls http://127.0.0.1:2379 \
  --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 \
  --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster etcd=http://127.0.0.1:2380 \
  --initial-cluster-token logiq-etcd \
  --initial-cluster-state new \
  --logger zap --log-outputs stderr

#!/bin/sh
# Entry of the lab container "vault": the Vault STAND-IN (/lab/vault-standin.py, not HashiCorp Vault),
# run by the host's python3, store in the volume logiq_vault-data (/vault/data).
set -eu
mkdir -p /vault/data
export VAULT_STANDIN_ADDR=127.0.0.1 VAULT_STANDIN_PORT=8200 VAULT_STANDIN_DATA=/vault/data
export VAULT_STANDIN_TOKEN_FILE=/lab-secrets/vault-token
exec /usr/bin/python3 -S -u /lab/vault-standin.py

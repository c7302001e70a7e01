#!/bin/sh
# Entry of the lab container "minio": s3proxy (org.gaul:s3proxy, a real S3 API server) standing in for
# MinIO's S3 API, filesystem backend on the volume logiq_minio-data (/data), run by the host's Java 17.
# Keys come from the lab secret files; the JVM is exec'd so it is the container's main process.
set -eu
mkdir -p /data
CONF=/tmp/s3proxy.properties
umask 077
{
  echo "s3proxy.endpoint=http://127.0.0.1:9000"
  echo "s3proxy.authorization=aws-v2-or-v4"
  echo "s3proxy.identity=$(cat /lab-secrets/minio-access-key)"
  echo "s3proxy.credential=$(cat /lab-secrets/minio-secret-key)"
  echo "jclouds.provider=filesystem"
  echo "jclouds.filesystem.basedir=/data"
} > "$CONF"
exec /usr/lib/jvm/java-17-openjdk-amd64/bin/java \
  -Xms64m -Xmx512m -XX:+UseSerialGC \
  -Dlogback.configurationFile=/lab/s3proxy-logback.xml \
  -jar /opt/s3proxy/s3proxy.jar --properties "$CONF"

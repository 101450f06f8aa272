#!/bin/sh
# Ignores MinIO's arguments ('server /data --console-address :9001'): S3Proxy serves the S3 API on :9000 from /data.
exec java -Xmx256m -XX:+UseSerialGC -jar /opt/s3proxy/s3proxy.jar --properties /opt/s3proxy/s3proxy.properties

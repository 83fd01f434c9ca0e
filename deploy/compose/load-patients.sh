#!/bin/sh
# The compose file's one-shot fhir-loader: waits for the HAPI FHIR server (its distroless image has no shell for a
# health check of its own), then posts each transaction Bundle under /patients, and exits 0 only if all were stored.
set -eu

base="${FHIR_BASE:?FHIR_BASE names the FHIR server}"
tries=0
# HAPI's JPA server takes one to two minutes to start; give it five.
until curl -fsS -o /dev/null "$base/metadata"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
        echo "fhir-loader: no FHIR server at $base after 5 minutes" >&2
        exit 1
    fi
    sleep 5
done
for bundle in /patients/*.json; do
    echo "fhir-loader: $bundle"
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/fhir+json' --data-binary "@$bundle" "$base"
done

#!/usr/bin/env bash
# Runs pytest files of this folder inside the shared test venv (scripts/python-env), which has
# confluent-kafka, fastavro and pytest pinned. Arguments go to pytest.
#   tests/integration_kafka/run_pytest.sh tests/integration_kafka/test_interop.py -k kcat
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=$("$here/../../scripts/python-env")
# No cache folder in the source tree; -ra names every test that did not pass.
exec "$python" -m pytest -p no:cacheprovider -v -ra --rootdir "$here" "$@"

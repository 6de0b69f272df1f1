"""Child process for the SIGKILL test: submit reports forever, print each receipt after commit."""

import sys
import uuid

from gmlp_cards.concerns import ConcernStore, parse_report

url, schema = sys.argv[1], (sys.argv[2] or None)
store = ConcernStore(url, schema_name=schema)
report = parse_report(
    {
        "device_id": "retina-screen",
        "card_version": "2.1.0",
        "reporter_role": "clinician",
        "concern_type": "malfunction_or_unavailable",
        "harm_occurred": "no",
        "narrative": "Written by the crash test child process.",
    }
)
print("ready", flush=True)
while True:
    receipt = store.submit(report, uuid.uuid4().hex)
    # Printed only after submit() returned, i.e. after the commit: an acknowledged report.
    print(receipt.number, flush=True)

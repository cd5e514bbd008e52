"""Validates a dosediary FHIR export against the official FHIR R4 definitions.

Uses the `fhir.resources` package (6.x is FHIR R4 4.0.1), whose models are generated from the
official R4 StructureDefinitions: every resource in the Bundle is parsed into its R4 model, which
checks element names, types, cardinalities and required elements and code bindings it knows.
Prints a JSON summary (resource counts and a few values) for the Rust test to check.
Usage: python validate.py BUNDLE.json
"""
import collections
import json
import sys

from fhir.resources import __fhir_version__ as version
from fhir.resources.bundle import Bundle

path = sys.argv[1]
bundle = Bundle.parse_file(path)
counts = collections.Counter(e.resource.resource_type for e in bundle.entry)
statuses = collections.Counter(
    e.resource.status for e in bundle.entry if e.resource.resource_type == "MedicationAdministration"
)
urls = [e.fullUrl for e in bundle.entry]
print(json.dumps({
    "fhir_version": version,
    "type": bundle.type,
    "counts": counts,
    "administration_status": statuses,
    "unique_full_urls": len(set(urls)) == len(urls),
}))

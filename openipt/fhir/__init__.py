"""FHIR R4 export mappings (no models): plain dicts that validate against fhir.resources.R4B."""

from .places import Clinic, Location, Postcode, Service
from .therapists import (
    CredentialType,
    Gender,
    Licence,
    LicenceStatus,
    Therapist,
    TherapistLocation,
)
from .visibility import valid_licence_q

__all__ = [
    "Clinic",
    "CredentialType",
    "Gender",
    "Licence",
    "LicenceStatus",
    "Location",
    "Postcode",
    "Service",
    "Therapist",
    "TherapistLocation",
    "valid_licence_q",
]

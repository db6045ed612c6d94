from .places import Clinic, Closure, Location, OpeningHours, Postcode, Service, Weekday
from .therapists import CredentialType, Gender, Licence, LicenceStatus, Therapist
from .visibility import valid_licence_q

__all__ = [
    "Clinic",
    "Closure",
    "CredentialType",
    "Gender",
    "Licence",
    "LicenceStatus",
    "Location",
    "OpeningHours",
    "Postcode",
    "Service",
    "Therapist",
    "Weekday",
    "valid_licence_q",
]

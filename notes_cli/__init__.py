"""notes: structured notes of the conferences and meetups you attend."""

__version__ = "0.1.0"

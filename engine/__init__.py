"""Automated legal information for Vietnamese workers: statutes in, cited answers out."""
__version__ = "0.1.0"

"""Errors of the storage layer that the user can act on."""

from __future__ import annotations


class DatabaseError(Exception):
    """A problem with the database file that the user can act on (not a bug): locked, corrupt, too new…"""

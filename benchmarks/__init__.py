"""Jornada's benchmarks: `make bench` (or `python -m benchmarks NAME ...`). Never part of make test."""

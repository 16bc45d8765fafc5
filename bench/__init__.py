"""Benchmarks (`make bench`): not part of `make test`; each prints the figures it measures."""

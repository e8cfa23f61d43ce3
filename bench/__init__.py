"""Benchmarks: run with `make bench` (or `python -m bench`). Figures go to bench/README.md."""

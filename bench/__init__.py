"""Load benchmarks: bench/run (pages), import_bench (imports), scale (synthetic data)."""

"""Formcheck's benchmarks (formcheck bench)."""

"""Batch runners: local processes on every core, and a Spark job for crawl-scale corpora."""

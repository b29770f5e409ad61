"""Starter knowledge base and reference data, shipped as package data."""
